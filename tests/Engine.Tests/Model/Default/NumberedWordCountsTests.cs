using Lad.Engine.Model.Default;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default;

public class NumberedWordCountsTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(ValueCounter.DistinctCap)]
    [InlineData(ValueCounter.DistinctCap + 1)]
    public void CountingWordsByNumberLeavesTheCounterCountingTheirTextWould(int distinct)
    {
        // A word seen once, twice or three times, some words more than once in one line, in an order not sorted.
        var lines = Enumerable.Range(0, distinct).Reverse()
            .SelectMany(i => Enumerable.Repeat($"job {Name(i)} {Name(i % 3)}", (i % 3) + 1)).ToList();
        var byText = new ValueCounter();
        var table = new WordTable();
        var byNumber = new NumberedWordCounts();
        var words = new LineWords();
        foreach (var line in lines)
        {
            WordExtractor.Extract(line, words);
            words.Number(table);
            for (var w = 0; w < words.Count; w++)
            {
                byText.Add(words[w]);
                byNumber.Add(words.IdAt(w));
            }
        }

        byText.Freeze();
        var made = byNumber.ToCounter(table);

        Assert.Equal(distinct + 1 > ValueCounter.DistinctCap, made.IsOpen);
        Assert.Equal(made.IsOpen ? 0 : distinct + 1, made.Distinct);
        Assert.Equal(byText.IsOpen, made.IsOpen);
        Assert.Equal(byText.Observations, made.Observations);
        Assert.Equal(byText.Distinct, made.Distinct);
        Assert.Equal(byText.Singletons, made.Singletons);
        Assert.Equal(byText.TopValues(100), made.TopValues(100));
        Assert.Equal(byText.Counted, made.Counted);
    }

    // A word of letters only (digits would make it a variable's piece): "wa", "wb", ..., "wba", ...
    private static string Name(int i) => "w" + (i < 26 ? ((char)('a' + i)).ToString() : Name((i / 26) - 1)[1..] + (char)('a' + (i % 26)));

    [Fact]
    public void ProfilesSharingATableCountAsProfilesWithTablesOfTheirOwn()
    {
        string[] lines = ["backup of /srv/data finished", "backup of /home finished", "disk full on sda", "backup of /srv/data finished"];
        var shared = new WordTable();
        var sharing = new TemplateProfile(1, "backup", 0, shared);
        var counts = new HistoryLineCounts(shared);
        var alone = new TemplateProfile(1, "backup", 0);
        var aloneCounts = new HistoryLineCounts();
        var words = new LineWords();
        foreach (var line in lines)
        {
            WordExtractor.Extract(line, words);
            counts.Add(new LogRecord(line, "INFO"), words);
            Assert.Same(shared, words.NumberedBy);
            sharing.Add(words, "INFO", line, []);
            // Numbered by another table, the words are numbered again by each one.
            aloneCounts.Add(new LogRecord(line, "INFO"), words);
            alone.Add(words, "INFO", line, []);
        }

        sharing.Complete();
        alone.Complete();

        Assert.Equal(alone.Words.TopValues(100), sharing.Words.TopValues(100));
        Assert.Equal(3, sharing.Words.CountOf("backup"));
        Assert.Equal(1, sharing.Words.CountOf("sda"));
        Assert.Equal(aloneCounts.DocumentFrequency.OrderBy(p => p.Key), counts.DocumentFrequency.OrderBy(p => p.Key));
        Assert.Throws<InvalidOperationException>(() => sharing.Add(words, "INFO", lines[0], []));
    }

    [Fact]
    public void WordsExtractedAgainAreNoLongerNumbered()
    {
        var table = new WordTable();
        var words = new LineWords();
        WordExtractor.Extract("link up", words);
        words.Number(table);
        Assert.Same(table, words.NumberedBy);

        WordExtractor.Extract("link down", words);

        Assert.Null(words.NumberedBy);
        words.Number(table);
        Assert.Equal(0, words.IdAt(0));
        Assert.Equal(2, words.IdAt(1));
        Assert.Equal("down", table.WordAt(2));
    }
}
