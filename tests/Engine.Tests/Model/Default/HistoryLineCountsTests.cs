using Lad.Engine.Model.Default;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default;

public class HistoryLineCountsTests
{
    private static void Add(HistoryLineCounts counts, string message, string? level)
    {
        var words = new LineWords();
        WordExtractor.Extract(message, words);
        counts.Add(new LogRecord(message, level), words);
    }

    [Fact]
    public void AWordCountsOncePerLineAndLevelsIgnoreCase()
    {
        var counts = new HistoryLineCounts();
        Add(counts, "disk error on disk sda", "ERROR");
        Add(counts, "disk ok", "error");
        Add(counts, "fan ok", null);

        Assert.Equal(3, counts.Lines);
        Assert.Equal(2, counts.DocumentFrequency["disk"]);
        Assert.Equal(2, counts.DocumentFrequency["ok"]);
        Assert.Equal(1, counts.DocumentFrequency["error"]);
        Assert.Equal(2, counts.Levels["Error"]);
        Assert.Equal(["ERROR"], counts.Levels.Keys);
    }

    [Fact]
    public void ACopyKeepsTheCountsWhereItWasTakenAndTheirOrder()
    {
        var counts = new HistoryLineCounts();
        Add(counts, "link up", "INFO");
        Add(counts, "link down", "WARN");
        var copy = counts.Copy();
        Add(counts, "link flapping", "ERROR");

        Assert.Equal(2, copy.Lines);
        Assert.Equal(2, copy.DocumentFrequency["link"]);
        Assert.False(copy.DocumentFrequency.ContainsKey("flapping"));
        Assert.Equal(["link", "up", "down"], copy.DocumentFrequency.Keys);
        Assert.Equal(["INFO", "WARN"], copy.Levels.Keys);
        Assert.True(copy.Levels.ContainsKey("warn"));
        Assert.Equal(3, counts.DocumentFrequency["link"]);
    }

    [Fact]
    public void AFitterThatLeavesTheCountsToItsCallerNeedsThemToComplete()
    {
        var miner = new TemplateMiner();
        miner.Learn("link up");
        var fitter = new HostProfileFitter(miner, countsLines: false);
        var words = new LineWords();
        WordExtractor.Extract("link up", words);
        fitter.Add(new LogRecord("link up", "INFO"), words);
        Assert.Null(fitter.Counts);
        Assert.Throws<InvalidOperationException>(() => fitter.Complete());

        var counts = new HistoryLineCounts();
        counts.Add(new LogRecord("link up", "INFO"), words);
        var profile = fitter.Complete(counts);
        Assert.Equal(1, profile.Lines);
    }
}
