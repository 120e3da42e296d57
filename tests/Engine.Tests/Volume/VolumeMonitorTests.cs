using Lad.Engine.Volume;

namespace Lad.Engine.Tests.Volume;

public class VolumeMonitorTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void ARoutineTemplateFarAboveAnythingHistoryShowedIsOneSurgeWithItsFigures()
    {
        var history = Traffic(Start, TimeSpan.FromDays(2), seed: 1);
        var monitor = new VolumeMonitor(VolumeProfileTrainer.Train(history, new VolumeOptions(Interval)));
        var live = Start.AddDays(2);
        var findings = Feed(monitor, Traffic(live, TimeSpan.FromMinutes(30), seed: 2));

        var burst = live.AddMinutes(30);
        findings.AddRange(Feed(monitor, Enumerable.Range(0, 80).Select(i => (burst.AddSeconds(i), $"Failed password for user{i % 7} from 10.0.0.{i % 9} port 22"))));
        findings.AddRange(Feed(monitor, Traffic(burst.AddMinutes(5), TimeSpan.FromMinutes(10), seed: 3)));

        var surge = Assert.Single(findings);
        Assert.Equal(VolumeFindingKind.Surge, surge.Kind);
        Assert.Equal(burst, surge.IntervalStart);
        Assert.StartsWith("Failed password for", surge.Template);
        Assert.True(surge.Observed >= 80, $"observed {surge.Observed}");
        Assert.InRange(surge.Usual, 1, 8);
        Assert.Contains(" in 5 min; history at most ", surge.Reason);
    }

    [Fact]
    public void ADayOfTheHostsOwnTrafficRaisesNothing()
    {
        var monitor = new VolumeMonitor(VolumeProfileTrainer.Train(Traffic(Start, TimeSpan.FromDays(3), seed: 4), new VolumeOptions(Interval)));
        var findings = Feed(monitor, Traffic(Start.AddDays(3), TimeSpan.FromDays(1), seed: 5));
        findings.AddRange(monitor.Advance(Start.AddDays(4).AddMinutes(1)));

        Assert.Empty(findings);
    }

    [Fact]
    public void AHostSilentForLongerThanHistoryEverWasIsReportedOnceUntilItLogsAgain()
    {
        var monitor = new VolumeMonitor(VolumeProfileTrainer.Train(Traffic(Start, TimeSpan.FromDays(1), seed: 6), new VolumeOptions(Interval)));
        var live = Start.AddDays(1);
        Feed(monitor, Traffic(live, TimeSpan.FromMinutes(20), seed: 7));
        var last = live.AddMinutes(20);

        Assert.Empty(monitor.Advance(last + (monitor.SilenceLimit / 2)));
        var silent = Assert.Single(monitor.Advance(last.AddHours(3)));
        Assert.Equal(VolumeFindingKind.Silent, silent.Kind);
        Assert.StartsWith("no lines for 3", silent.Reason);
        Assert.Empty(monitor.Advance(last.AddHours(4)));

        Feed(monitor, [(last.AddHours(4), "cron job backup finished in 12 s")]);
        Assert.Single(monitor.Advance(last.AddHours(8)), f => f.Kind == VolumeFindingKind.Silent);
    }

    [Fact]
    public void ATemplatePresentInEveryIntervalThatStopsWhileTheHostLogsHasVanished()
    {
        var profile = VolumeProfileTrainer.Train(Traffic(Start, TimeSpan.FromDays(1), seed: 8), new VolumeOptions(Interval));
        var monitor = new VolumeMonitor(profile);
        var live = Start.AddDays(1);
        var withoutHeartbeat = Traffic(live, TimeSpan.FromHours(1), seed: 9).Where(l => !l.Message.StartsWith("heartbeat", StringComparison.Ordinal));

        var findings = Feed(monitor, withoutHeartbeat);

        var vanished = Assert.Single(findings);
        Assert.Equal(VolumeFindingKind.Vanished, vanished.Kind);
        Assert.StartsWith("heartbeat", vanished.Template);
        Assert.Equal(3, VolumeMonitor.AbsentLimit(1.0, profile.History.Intervals)); // 288 intervals: rule of three gives 1 %
        Assert.Equal(3, vanished.Observed);
        Assert.Contains("history had it in 100% of intervals", vanished.Reason);
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(60, "1 min")]
    [InlineData(90, "1.5 min")]
    [InlineData(9000, "2.5 h")]
    [InlineData(2592000, "30 d")]
    public void DurationsReadInTheirLargestWholeUnit(int seconds, string text) =>
        Assert.Equal(text, DurationText.Of(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1.0, 30, 4)]
    [InlineData(1.0, 8640, 2)]
    [InlineData(0.95, 8640, 4)]
    [InlineData(0.9, 20, 7)]
    [InlineData(0.9, 3, int.MaxValue)]
    public void AShortHistoryNeedsALongerAbsenceToCallATemplateGone(double presentShare, int intervals, int limit) =>
        Assert.Equal(limit, VolumeMonitor.AbsentLimit(presentShare, intervals));

    [Fact]
    public void AFloodOfNeverSeenTemplatesInOneIntervalIsReported()
    {
        var monitor = new VolumeMonitor(VolumeProfileTrainer.Train(Traffic(Start, TimeSpan.FromDays(1), seed: 10), new VolumeOptions(Interval)));
        var live = Start.AddDays(1).AddMinutes(2);
        string[] words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar"];
        var strange = words.Select((w, i) => (live.AddSeconds(i), $"{w} subsystem {words[(i + 3) % words.Length]} raised {words[(i + 7) % words.Length]} fault"));

        var findings = Feed(monitor, strange.Concat(Traffic(live.AddMinutes(5), TimeSpan.FromMinutes(10), seed: 11)));

        var flood = Assert.Single(findings);
        Assert.Equal((VolumeFindingKind.NewTemplateFlood, 15.0), (flood.Kind, flood.Observed));
    }

    [Fact]
    public void ByTheHourABusyHourIsNormalAtItsHourAndASurgeAtAnother()
    {
        // Four days: a batch job logs 60 lines at 09:00 each day, one line an hour otherwise.
        var history = new List<(DateTime, string)>();
        for (var day = 0; day < 4; day++)
        {
            history.AddRange(Traffic(Start.AddDays(day), TimeSpan.FromDays(1), seed: 20 + day));
            history.AddRange(Enumerable.Range(0, 60).Select(i => (Start.AddDays(day).AddHours(9).AddSeconds(i * 4), $"batch item {i} exported")));
        }

        var profile = VolumeProfileTrainer.Train(history, new VolumeOptions(Interval));
        Assert.Equal(RateSlots.HourOfDay, profile.History.Slots);
        var monitor = new VolumeMonitor(profile);
        var day5 = Start.AddDays(4);
        var findings = Feed(monitor, Traffic(day5, TimeSpan.FromHours(10), seed: 30)
            .Concat(Enumerable.Range(0, 60).Select(i => (day5.AddHours(9).AddSeconds(i * 4), $"batch item {i} exported")))
            .OrderBy(l => l.Item1));
        Assert.Empty(findings);

        findings = Feed(monitor, Enumerable.Range(0, 60).Select(i => (day5.AddHours(10).AddMinutes(1).AddSeconds(i * 4), $"batch item {i} exported")));
        findings.AddRange(Feed(monitor, Traffic(day5.AddHours(10).AddMinutes(5), TimeSpan.FromMinutes(10), seed: 31)));
        var surge = Assert.Single(findings);
        Assert.Equal((VolumeFindingKind.Surge, 60.0), (surge.Kind, surge.Observed));
        Assert.EndsWith("at this hour", surge.Reason);
    }

    [Fact]
    public void AHistoryShorterThanTwelveIntervalsReportsNothing()
    {
        var profile = VolumeProfileTrainer.Train(Traffic(Start, TimeSpan.FromMinutes(40), seed: 12), new VolumeOptions(Interval));
        var monitor = new VolumeMonitor(profile);

        Assert.False(profile.Enabled);
        Assert.Empty(Feed(monitor, Enumerable.Range(0, 200).Select(i => (Start.AddHours(1).AddSeconds(i), "heartbeat ok seq 1"))));
        Assert.Empty(monitor.Advance(Start.AddDays(2)));
    }

    [Fact]
    public void ASavedProfileJudgesAsTheOriginal()
    {
        var profile = VolumeProfileTrainer.Train(Traffic(Start, TimeSpan.FromDays(2), seed: 13), new VolumeOptions(Interval));
        using var buffer = new MemoryStream();
        profile.Save(buffer);
        buffer.Position = 0;
        var loaded = VolumeProfile.Load(buffer);

        Assert.Equal(profile.History, loaded.History);
        Assert.Equal(profile.Rates.Count, loaded.Rates.Count);
        var burst = Start.AddDays(2);
        var lines = Enumerable.Range(0, 50).Select(i => (burst.AddSeconds(i), $"heartbeat ok seq {i}")).Append((burst.AddMinutes(7), "heartbeat ok seq 1")).ToList();
        Assert.Equal(Feed(new VolumeMonitor(profile), lines).Select(f => f.Reason), Feed(new VolumeMonitor(loaded), lines).Select(f => f.Reason));
        Assert.Throws<InvalidDataException>(() => VolumeProfile.Load(new MemoryStream([1, 2, 3])));
    }

    /// <summary>A small host's traffic: a heartbeat every minute, a few sshd and cron lines at random, each
    /// with varying parameters.</summary>
    internal static List<(DateTime Time, string Message)> Traffic(DateTime from, TimeSpan span, int seed)
    {
        var random = new Random(seed);
        var lines = new List<(DateTime, string)>();
        for (var t = from; t < from + span; t = t.AddMinutes(1))
        {
            lines.Add((t, $"heartbeat ok seq {random.Next(100000)}"));
            if (random.NextDouble() < 0.3)
            {
                lines.Add((t.AddSeconds(random.Next(1, 59)), $"Failed password for user{random.Next(5)} from 10.0.0.{random.Next(255)} port 22"));
            }

            if (random.NextDouble() < 0.2)
            {
                lines.Add((t.AddSeconds(random.Next(1, 59)), $"cron job backup finished in {random.Next(5, 60)} s"));
            }
        }

        return lines;
    }

    internal static List<VolumeFinding> Feed(VolumeMonitor monitor, IEnumerable<(DateTime Time, string Message)> lines) =>
        lines.SelectMany(l => monitor.Observe(l.Time, l.Message)).ToList();
}
