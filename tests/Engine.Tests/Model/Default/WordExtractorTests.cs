using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class WordExtractorTests
{
    [Theory]
    [InlineData("instance 3fa85f64-acbe-4562-adfe-2c963f66afa6 attached", new[] { "instance", "attached" })]
    [InlineData("peer acbe-4562 joined", new[] { "peer", "joined" })]
    [InlineData("request 917e7eda-dfdb completed", new[] { "request", "completed" })]
    [InlineData("mac 00:1b:44:11:3a:bc up", new[] { "mac", "up" })]
    [InlineData("vm-acbe-12f3 started", new[] { "vm", "started" })]
    // A hash that drew no decimal digit: eight or more of the letters a–f alone.
    [InlineData("GET /static/site.aeaeadfb.css 200", new[] { "get", "static", "site", "css" })]
    [InlineData("commit DEADBEEFCAFE pushed", new[] { "commit", "pushed" })]
    public void PiecesOfHexIdentifiersAreNotWords(string line, string[] expected) =>
        Assert.Equal(expected, WordExtractor.Words(line));

    [Theory]
    [InlineData("bad block added to a dead disk in the cafe, faced a decade", new[] { "bad", "block", "added", "to", "dead", "disk", "in", "the", "cafe", "faced", "decade" })]
    [InlineData("facade defaced, effaced", new[] { "facade", "defaced", "effaced" })]
    [InlineData("state dead-beef at step 3", new[] { "state", "dead", "beef", "at", "step" })]
    [InlineData("error: bad:1 fd", new[] { "error", "bad", "fd" })]
    [InlineData("[Mon Dec 05 19:14:11 2005] [error] mod_jk child", new[] { "error", "mod", "jk", "child" })]
    public void WordsOfTheLettersAToFStayWordsOutsideIdentifiersAndDatesAreNotWords(string line, string[] expected) =>
        Assert.Equal(expected, WordExtractor.Words(line));

    [Theory]
    [InlineData("Größe überschritten: Datei_7 zu groß", new[] { "größe", "überschritten", "datei", "zu", "groß" })]
    [InlineData("заказ №١٢٣ отклонён", new[] { "заказ", "отклонён" })]
    [InlineData("job\u00a0done\tat node-07 (x9)", new[] { "job", "done", "at", "node" })]
    public void LettersAndDigitsBeyondAsciiCountAsUnicodeSaysAndTheRestSeparates(string line, string[] expected) =>
        Assert.Equal(expected, WordExtractor.Words(System.Text.RegularExpressions.Regex.Unescape(line)));

    [Fact]
    public void RunsAcrossTheSixtyFourthCharAndLinesBeyondTheStackMasksSplitAsShortLinesDo()
    {
        // "boundary" spans chars 60 to 67, and "tail9" (a digit, so no word) spans 1,022 to 1,026.
        var line = new string(' ', 60) + "boundary" + new string('.', 954) + "tail9" + " Ende über";
        Assert.Equal(["boundary", "ende", "über"], WordExtractor.Words(line));
        // Words that end where a 64-char mask word does, at the line's end and inside it.
        Assert.Equal([new string('x', 64)], WordExtractor.Words(new string('X', 64)));
        Assert.Equal(["ab", "cd"], WordExtractor.Words(new string(' ', 62) + "ab" + new string(' ', 62) + "cd"));
        Assert.Equal(["ab", "cd"], WordExtractor.Words(new string(' ', 62) + "ab cd"));
    }

    [Fact]
    public void EveryLineSplitsAsReadingItCharByCharDoes()
    {
        // Letters, digits and separators beyond ASCII land inside and across the sixteen-char chunks read at once.
        const string alphabet = "abcdefxyzABCDEFXYZ0123456789 -:_./[]ÄÖéß١٢٣№\u00a0";
        var chars = System.Text.RegularExpressions.Regex.Unescape(alphabet);
        var random = new Random(7);
        for (var n = 0; n < 5_000; n++)
        {
            var line = new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => chars[random.Next(chars.Length)]).ToArray());
            Assert.Equal(CharByChar(line), WordExtractor.Words(line));
        }
    }

    /// <summary>The words as the type's summary defines them, found one char at a time.</summary>
    private static List<string> CharByChar(string line)
    {
        var words = new List<string>();
        var idEnd = -1;
        var i = 0;
        while (i < line.Length)
        {
            if (!char.IsLetterOrDigit(line[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < line.Length && char.IsLetterOrDigit(line[i]))
            {
                i++;
            }

            if (start >= idEnd)
            {
                idEnd = IdFragments.End(line, start);
            }

            var run = line[start..i];
            var letterHexId = run.Length >= 8 && run.All(c => "abcdefABCDEF".Contains(c));
            if (!run.Any(char.IsDigit) && run.Length >= 2 && start >= idEnd && !Lad.Engine.Parse.VariableRules.IsMonthOrDay(run) && !letterHexId)
            {
                words.Add(run.ToLowerInvariant());
            }
        }

        return words;
    }
}
