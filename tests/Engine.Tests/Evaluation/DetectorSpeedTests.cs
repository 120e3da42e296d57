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
        // Matching allocates nothing per line, and neither does a routine line's scoring (no verdict, no reason): the
        // one host's stream allocates its context's state once per pass over 600 lines (a few hundred bytes), and in a
        // loaded full test run the runtime now and then adds about a kilobyte to a pass (2.3 bytes a line was seen).
        // Any object made per line (24 bytes at least) still fails this; StreamScorerTests counts exactly 0 per line.
        Assert.True(report.MatchBytesPerLine < 1, $"{report.MatchBytesPerLine} bytes per matched line");
        Assert.True(report.ScoreBytesPerNormalLine is >= 0 and < 16, $"{report.ScoreBytesPerNormalLine} bytes per normal line");
        // Of them, the lines that came in a context already open (all but a pass's first line, the host's stream).
        Assert.True(report.ScoreBytesPerNormalLineInOpenContext is >= 0 and < 16, $"{report.ScoreBytesPerNormalLineInOpenContext} bytes per line in an open context");
        Assert.InRange(report.ScoreBytesPerNewContext, 0, 4096);
        // A stream that scored the lines twice before: its one context is open, so nothing is made per line.
        Assert.True(report.LastingStreamBytesPerNormalLine is >= 0 and < 16, $"{report.LastingStreamBytesPerNormalLine} bytes per normal line in a lasting stream");
        Assert.True(report.TrainSeconds > 0 && double.IsFinite(report.TrainSeconds), $"{report.TrainSeconds} s of training");
        Assert.True(report.TrainJitSeconds >= 0 && double.IsFinite(report.TrainJitSeconds), $"{report.TrainJitSeconds} s compiling");
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
