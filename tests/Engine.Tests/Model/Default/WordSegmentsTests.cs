using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class WordSegmentsTests
{
    [Fact]
    public void ParametersWidenToTheRunsTheyTouchAndJoinWhereAJoinerJoinsThem()
    {
        const string line = "user=alice2x from 10.0.0.1:22 port";
        var segments = new List<(int Start, int End)>();

        // "alice" is a part of the run "alice2x"; the address and its port are joined by ':'.
        var found = WordSegments.TryFind(line, [Range(line, "alice"), Range(line, "10.0.0.1"), Range(line, "22")], segments);

        Assert.True(found);
        Assert.Equal([(5, 12), (18, 29)], segments);
        Assert.Equal("alice2x", line[5..12]);
        Assert.Equal("10.0.0.1:22", line[18..29]);
        Assert.True(WordSegments.Contains(segments, 5));
        Assert.False(WordSegments.Contains(segments, 12));
        Assert.False(WordSegments.Contains(segments, 30));
    }

    [Theory]
    [InlineData("vm-acbe-12f3 started", "12f3")]
    [InlineData("session 12f3:acbe closed", "12f3")]
    [InlineData("pam_unix(sshd:session) opened", "sshd")]
    public void AParameterChainedToConstantTextByAJoinerIsNoPlaceToReadAlone(string line, string parameter)
    {
        Assert.False(WordSegments.TryFind(line, [Range(line, parameter)], []));
    }

    [Fact]
    public void TheWordsReadInTheStretchesAreTheWordsTheWholeLineHasThere()
    {
        // Letters a-f, digits, joiners and separators, so identifier chains form and break at every place.
        const string alphabet = "abcdefxyz ABCF 0123456789 -:-:_./=[]Ää ";
        var random = new Random(11);
        var (whole, within) = (new LineWords(), new LineWords());
        var segments = new List<(int Start, int End)>();
        var (read, refused) = (0, 0);
        for (var n = 0; n < 20_000; n++)
        {
            var line = new string(Enumerable.Range(0, random.Next(1, 120)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var ranges = RandomRanges(line.Length, random);
            if (!WordSegments.TryFind(line, ranges, segments))
            {
                refused++;
                continue;
            }

            read++;
            WordExtractor.Extract(line, whole);
            WordExtractor.ExtractWithin(line, segments, within);
            var expected = Enumerable.Range(0, whole.Count).Where(i => WordSegments.Contains(segments, whole.StartAt(i)))
                .Select(i => (whole.StartAt(i), whole.StringAt(i))).ToList();
            Assert.Equal(expected, Enumerable.Range(0, within.Count).Select(i => (within.StartAt(i), within.StringAt(i))).ToList());
        }

        // Both kinds of line came up often enough to mean something.
        Assert.InRange(read, 5_000, 20_000);
        Assert.InRange(refused, 1_000, 20_000);
    }

    private static List<Range> RandomRanges(int length, Random random)
    {
        var ranges = new List<Range>();
        var at = 0;
        while (at < length && ranges.Count < 4)
        {
            var start = at + random.Next(0, 20);
            if (start >= length)
            {
                break;
            }

            var end = Math.Min(length, start + random.Next(1, 12));
            ranges.Add(new Range(start, end));
            at = end + 1;
        }

        return ranges;
    }

    private static Range Range(string line, string part)
    {
        var start = line.IndexOf(part, StringComparison.Ordinal);
        return new Range(start, start + part.Length);
    }
}
