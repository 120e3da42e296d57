using Lad.Engine.Evaluation.Speed;
using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Evaluation;

public class DetectorSpeedTests
{
    private static readonly LogRecord[] Lines = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 1200, Seed = 3 })
        .Select(l => l.ToRecord()).ToArray();

    [Fact]
    public void ReportsEachFigureOfTheModelBesideTheMinerOnTheSameLines()
    {
        var trainer = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" });

        var report = DetectorSpeed.Run(trainer, Lines[..600], Lines[600..], seconds: 0.05, TestContext.Current.CancellationToken);

        Assert.Equal(600, report.TrainLines);
        Assert.Equal(600, report.TestLines);
        Assert.All(
            [report.TrainLinesPerSecond, report.LearnLinesPerSecond, report.ScoreLinesPerSecond, report.MatchLinesPerSecond],
            rate => Assert.True(rate > 0 && double.IsFinite(rate)));
        // Matching allocates nothing per line; a routine line's scoring allocates next to nothing (no verdict), and a
        // run may well measure 0.
        Assert.True(report.MatchBytesPerLine < 1, $"{report.MatchBytesPerLine} bytes per matched line");
        Assert.True(report.ScoreBytesPerNormalLine is >= 0 and < 1000, $"{report.ScoreBytesPerNormalLine} bytes per normal line");
        Assert.True(report.TrainPeakRssBytes >= report.BaselineRssBytes);
        Assert.InRange(report.FlaggedShare, 0, 1);
    }

    [Fact]
    public void RefusesAnEmptyHistoryOrTestPart()
    {
        var trainer = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" });

        Assert.Throws<ArgumentException>(() => DetectorSpeed.Run(trainer, [], Lines, 0.05, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => DetectorSpeed.Run(trainer, Lines, [], 0.05, TestContext.Current.CancellationToken));
    }
}
