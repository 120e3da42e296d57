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
        // Matching allocates nothing per line; scoring allocates at least its verdict.
        Assert.True(report.MatchBytesPerLine < 1, $"{report.MatchBytesPerLine} bytes per matched line");
        Assert.True(report.ScoreBytesPerNormalLine > 0);
        // Process-wide figures (other tests run beside this one): only that they were read.
        Assert.True(report.BaselineRssBytes > 0 && report.TrainPeakRssBytes >= report.BaselineRssBytes, $"{report.BaselineRssBytes} then {report.TrainPeakRssBytes}");
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
