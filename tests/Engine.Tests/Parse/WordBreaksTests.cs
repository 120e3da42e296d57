using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class WordBreaksTests
{
    [Fact]
    public void EveryLineBreaksWhereWhitespaceAndDotLeadersAreAsReadingItCharByCharFinds()
    {
        // Dots alone and in runs, ASCII and other whitespace, letters beyond ASCII, across the 16-char chunks read at
        // once and the 64-char mask words.
        var chars = System.Text.RegularExpressions.Regex.Unescape(@"ab.. .\t\r\n\u000b\u00a0\u2003\u3000é1-:");
        var random = new Random(11);
        for (var n = 0; n < 5_000; n++)
        {
            var line = new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => chars[random.Next(chars.Length)]).ToArray());
            var breaks = new ulong[WordBreaks.WordsFor(line.Length)];
            WordBreaks.Find(line, breaks);
            for (var i = 0; i < line.Length; i++)
            {
                var expected = char.IsWhiteSpace(line[i])
                               || (line[i] == '.' && ((i + 1 < line.Length && line[i + 1] == '.') || (i > 0 && line[i - 1] == '.')));
                Assert.True(expected == ((breaks[i >> 6] >> i & 1) == 1), $"char {i} of '{line}'");
            }
        }
    }

    [Fact]
    public void NextFindsTheFirstBitOfEitherKindAndStopsAtTheLinesEnd()
    {
        // Breaks at 3, 64 and 70 in a line of 100 chars.
        ulong[] mask = [1UL << 3, (1UL << 0) | (1UL << 6)];
        Assert.Equal(3, WordBreaks.Next(mask, 0, 100, set: true));
        Assert.Equal(64, WordBreaks.Next(mask, 4, 100, set: true));
        Assert.Equal(70, WordBreaks.Next(mask, 65, 100, set: true));
        Assert.Equal(100, WordBreaks.Next(mask, 71, 100, set: true));
        Assert.Equal(0, WordBreaks.Next(mask, 0, 100, set: false));
        Assert.Equal(4, WordBreaks.Next(mask, 3, 100, set: false));
        Assert.Equal(65, WordBreaks.Next(mask, 64, 100, set: false));
        Assert.Equal(100, WordBreaks.Next(mask, 100, 100, set: false));
    }
}
