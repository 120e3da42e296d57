using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>Synthetic hosts whose history makes a threshold hard to place: churn, incidents, confirmed faults.</summary>
public class CalibrationHardCaseTests
{
    private static readonly DefaultModelTrainer Trainer = new(new DetectorOptions());

    /// <summary>Trains each host on its first half and scores the second half in one stream, as lad demo does.</summary>
    private static List<(SyntheticLine Line, bool Flagged)> TrainAndScore(SyntheticLogOptions options)
    {
        var results = new List<(SyntheticLine, bool)>();
        foreach (var host in SyntheticLogGenerator.Generate(options).GroupBy(l => l.Host))
        {
            var lines = host.ToList();
            var historyCount = (int)Math.Ceiling(lines.Count * options.CleanFraction);
            var history = lines.Take(historyCount).Select(l => l.ToRecord()).ToList();
            var stream = Trainer.Train(history, TestContext.Current.CancellationToken).OpenStream();
            history.ForEach(stream.Observe);
            results.AddRange(lines.Skip(historyCount).Select(l => (l, stream.Score(l.ToRecord()).IsAnomaly)));
        }

        return results;
    }

    [Fact]
    public void AWebHostWhoseTrafficBringsNewPagesAndAgentsEveryHourStaysWithinItsAlarmBudget()
    {
        // 3 hosts x 8,000 lines over about 4.5 hours; every hour 5 new pages and 5 new browser versions draw half the
        // requests. No anomalies are injected: every flag is a false alarm.
        var scored = TrainAndScore(new SyntheticLogOptions { Hosts = 3, LinesPerHost = 8000, Seed = 7, AnomaliesPerHost = 0, FreshWebValuesPerHour = 5 });

        var freshLines = scored.Count(s => s.Line.Text.Contains("/reviews", StringComparison.Ordinal) || s.Line.Text.Contains("Mozilla/5.0 (", StringComparison.Ordinal));
        var falseAlarmsPer10k = scored.Count(s => s.Flagged) * 10_000.0 / scored.Count;

        Assert.True(freshLines > 1000, $"only {freshLines} scored lines carry new pages or agents");
        Assert.True(falseAlarmsPer10k <= DetectorOptions.DefaultAlarmBudget, $"{falseAlarmsPer10k:0.0} false alarms per 10,000 normal lines");
    }

    [Fact]
    public void TheFirstErrorOfAHostThatNeverWroteOneIsHeardThroughItsChurn()
    {
        // lad demo --seed 6's first host: its held-out history brought new templates with error words, so its bar for
        // rare and new lines is above its routine one; it never wrote an ERROR.
        var history = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 3, LinesPerHost = 2000, Seed = 6 })
            .Where(l => l.Host == "host-01")
            .Take(1000)
            .Select(l => l.ToRecord())
            .ToList();
        Assert.DoesNotContain(history, r => r.Level is "ERROR" or "CRIT");
        var model = (DefaultModel)Trainer.Train(history, TestContext.Current.CancellationToken);
        // A warning the history holds a few times, written as it always was and then at ERROR.
        var usual = history.First(r => r.Message.Contains("upstream response is buffered", StringComparison.Ordinal));
        Assert.InRange(model.Profile.CountOf(model.Profile.TemplateIdOf(usual)), 3, 9);
        var error = usual with { Level = "ERROR" };

        var asUsual = model.Score(usual);
        var asError = model.Score(error);

        Assert.False(asUsual.IsAnomaly, $"{usual.Message} at {usual.Level} scored {asUsual.Score:0.000} over {asUsual.Threshold:0.000}");
        Assert.True(asError.IsAnomaly, $"{error.Message} at ERROR scored {asError.Score:0.000} under {asError.Threshold:0.000}");
        // It is judged by the routine bar, not the higher one of rare lines, since no held-out line could show how often
        // lines at a level beyond the history come.
        Assert.True(model.RoutineThreshold < model.Threshold, $"routine {model.RoutineThreshold:0.000}, other {model.Threshold:0.000}");
        Assert.Equal(model.RoutineThreshold, asError.Threshold);
    }

    [Fact]
    public void AHostWhoseHistoryHoldsAnIncidentStillCatchesItsRepeats()
    {
        // Each host's 6,000 history lines hold two 4-line bursts of one never-normal error; after training on them,
        // the same error recurs among the anomalies of the next 6,000 lines.
        var options = new SyntheticLogOptions { Hosts = 3, LinesPerHost = 12_000, Seed = 11, AnomaliesPerHost = 70, HistoryIncidents = 2 };
        var history = SyntheticLogGenerator.Generate(options).GroupBy(l => l.Host)
            .SelectMany(h => h.Take(options.LinesPerHost / 2));
        Assert.Equal(3 * 2 * 4, history.Count(l => l.Anomaly == SyntheticAnomalyKind.UnseenError));

        var repeats = TrainAndScore(options).Where(s => s.Line.Anomaly == SyntheticAnomalyKind.UnseenError).ToList();

        Assert.True(repeats.Count >= 20, $"only {repeats.Count} repeats");
        var recall = (double)repeats.Count(s => s.Flagged) / repeats.Count;
        Assert.True(recall >= 0.9, $"recall {recall:0.000} on {repeats.Count} repeats of the history's incident");
    }

    [Fact]
    public void ALineKindMarkedTruePositiveIsStillFlaggedAfterRetraining()
    {
        // A panic the host logged every 50 lines of its history is routine to a model that learns the history as is.
        var panic = new LogRecord("kernel: watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [kworker/3:1:4123]", "ERROR");
        var history = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 6000, Seed = 5, AnomaliesPerHost = 0 })
            .Select(l => l.ToRecord())
            .ToList();
        for (var i = 25; i < history.Count; i += 50)
        {
            history.Insert(i, panic);
        }

        var unaware = Trainer.Train(history, TestContext.Current.CancellationToken);
        var retrained = Trainer.Train(history, [panic], TestContext.Current.CancellationToken);

        Assert.False(unaware.Score(panic).IsAnomaly, $"{unaware.Score(panic).Score} > {unaware.Threshold}");
        Assert.True(retrained.Score(panic).IsAnomaly);
        var stream = retrained.OpenStream();
        history.ForEach(stream.Observe);
        Assert.True(stream.Score(panic).IsAnomaly);
    }
}
