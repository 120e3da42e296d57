using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>Hosts with histories too short for their last fifth alone to measure the alarm budget.</summary>
public class CrossFittedCalibrationTests
{
    [Fact]
    public void GeneratedHostsWithTwoThousandHistoryLinesStayNearTheirAlarmBudget()
    {
        // Six seeds of three generated hosts, 2,000 history lines each, then 2,000 more with nothing injected: every flag
        // is a false alarm. Held out by its last 400 lines alone, each host's bar sat at the highest of them, and these
        // hosts raised 23.9 false alarms per 10,000 lines (86 of 36,000); held out whole, 10.0.
        var trainer = new DefaultModelTrainer(new DetectorOptions());
        int flagged = 0, scored = 0;
        foreach (var seed in Enumerable.Range(1, 6))
        {
            var options = new SyntheticLogOptions { Hosts = 3, LinesPerHost = 4000, Seed = seed, AnomaliesPerHost = 0 };
            foreach (var host in SyntheticLogGenerator.Generate(options).GroupBy(l => l.Host))
            {
                var lines = host.Select(l => l.ToRecord()).ToList();
                var history = lines.Take(2000).ToList();
                var stream = trainer.Train(history, TestContext.Current.CancellationToken).OpenStream();
                history.ForEach(stream.Observe);
                foreach (var line in lines.Skip(2000))
                {
                    scored++;
                    flagged += stream.Score(line).IsAnomaly ? 1 : 0;
                }
            }
        }

        var perTenThousand = flagged * 10_000.0 / scored;
        Assert.Equal(36_000, scored);
        Assert.True(perTenThousand <= 1.5 * DetectorOptions.DefaultAlarmBudget, $"{flagged} false alarms in {scored} lines: {perTenThousand:0.0} per 10,000");
    }

    [Theory]
    [InlineData(4990, 3992, 10, true)]
    [InlineData(5000, 4000, 10, false)]
    [InlineData(9990, 7992, 5, true)]
    [InlineData(40, 0, 10, false)]
    [InlineData(60_000, 48_000, 0.1, false)]
    [InlineData(50_000, 40_000, 0.1, true)]
    public void HistoriesAreCrossFittedWhereTheirLastPartIsTooShortToShowOneAlarm(int count, int fitCount, double budget, bool crossFitted) =>
        Assert.Equal(crossFitted, CrossFitting.Applies(count, fitCount, budget));

    [Theory]
    [InlineData(12, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(3, 3, false)]
    [InlineData(1, 0, false)]
    [InlineData(0, 6, false)]
    public void AHistoryDriftsWhereItsLastPartBroughtMoreNoveltiesThanItsShareOfTheLinesGives(int inLast, int inOthers, bool drifts)
    {
        // 800 lines in the last part of 4,000: a fifth of the novelties found is its share.
        var last = new CalibrationTally(800, 10);
        var all = new CalibrationTally(4000, 10);
        for (var i = 0; i < 4000; i++)
        {
            var novel = i < 3200 ? i < inOthers : i - 3200 < inLast;
            var line = novel
                ? new HeldOutLine(ContextState.Unknown, $"new {i}", 0.4, 0, null, false, 0)
                : new HeldOutLine(1, "routine", 0.1, 0.5, null, false, 0);
            all.Add(line);
            if (i >= 3200)
            {
                last.Add(line);
            }
        }

        Assert.Equal(inLast, last.NewTemplates);
        Assert.Equal(inLast + inOthers, all.NewTemplates);
        Assert.Equal(drifts, CrossFitting.Drifts(last, all));
    }

    [Theory]
    [InlineData(1000, 800)]
    [InlineData(53, 42)]
    [InlineData(4999, 3999)]
    public void TheOtherPartsAreTheLinesBeforeTheLastInFourRunsOfAboutItsSize(int count, int fitCount)
    {
        var parts = CrossFitting.OtherParts(count, fitCount);

        Assert.Equal(4, parts.Count);
        Assert.Equal(0, parts[0].From);
        Assert.Equal(fitCount, parts[^1].To);
        Assert.All(parts.Zip(parts.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.All(parts, p => Assert.InRange(p.To - p.From, (count - fitCount) - 1, (count - fitCount) + 1));
    }
}
