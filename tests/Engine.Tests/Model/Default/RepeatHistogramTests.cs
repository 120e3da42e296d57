using Lad.Engine.Model.Default.Context;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// How many training sessions a per-session count is expected in, within and beyond the counts training saw, with the
/// sessions the history's end cut off going on like those that got as far.
/// </summary>
public class RepeatHistogramTests
{
    private static RepeatHistogram Of(params (int Count, int Sessions)[] groups) =>
        RepeatHistogram.From(groups.SelectMany(g => Enumerable.Repeat(g.Count, g.Sessions)));

    [Theory]
    [InlineData(new[] { 1, 1, 1, 2 })]
    [InlineData(new[] { 1, 3, 3, 5, 5, 5, 12, 40 })]
    [InlineData(new[] { 7 })]
    public void AnOccurrenceIsAsRareAsTheSessionsExpectedToReachItSayWhetherKeptOrComputed(int[] sessionCounts)
    {
        var histogram = RepeatHistogram.From(sessionCounts);
        for (var occurrences = 1; occurrences <= 60; occurrences++)
        {
            Assert.Equal(ContextRarity.Of(histogram.ExpectedSessionsWithAtLeast(occurrences), histogram.Sessions), histogram.RarityOf(occurrences));
        }
    }

    [Fact]
    public void WithinTheTrainedCountsTheExpectationIsWhatTrainingSaw()
    {
        var histogram = Of((1, 1000), (2, 50));

        Assert.Equal(1050, histogram.ExpectedSessionsWithAtLeast(1));
        Assert.Equal(50, histogram.ExpectedSessionsWithAtLeast(2));
    }

    [Fact]
    public void BeyondTheMostTrainingSawTheTopDecayCarriesOnGeometrically()
    {
        var histogram = Of((1, 1000), (2, 50));

        // 50 of 1,050 sessions went on from one to two; as many of those 50 are expected to go on to three.
        Assert.Equal(50 * 50 / 1050.0, histogram.ExpectedSessionsWithAtLeast(3), 9);
        Assert.Equal(50 * Math.Pow(50 / 1050.0, 3), histogram.ExpectedSessionsWithAtLeast(5), 9);
        Assert.Equal(0, histogram.SessionsWithAtLeast(3));
    }

    [Fact]
    public void AGapBetweenTheTopCountsIsSpreadOverItsSteps()
    {
        // 100 sessions reached 3 (none held exactly 2), 25 reached 5: a quarter over two steps, a half per step.
        var histogram = Of((1, 400), (3, 75), (5, 25));

        Assert.Equal(12.5, histogram.ExpectedSessionsWithAtLeast(6), 9);
    }

    [Fact]
    public void OneCountHasNoTailToCarryOn()
    {
        var histogram = Of((3, 700));

        Assert.Equal(0, histogram.ExpectedSessionsWithAtLeast(4));
    }

    [Fact]
    public void SessionsCutOffByTheHistorysEndMayStillGoOn()
    {
        // 1,002 sessions: 100 ended after one occurrence, 900 were cut off after one, 2 ended after two. Only a tenth of
        // those known to have stopped did so at one, so about 902 sessions are expected to reach two, not the 2 seen.
        var histogram = RepeatHistogram.From(
            Enumerable.Repeat((1, true), 100).Concat(Enumerable.Repeat((1, false), 900)).Concat(Enumerable.Repeat((2, true), 2)));

        Assert.Equal(2, histogram.SessionsWithAtLeast(2));
        Assert.Equal(902, histogram.ExpectedSessionsWithAtLeast(2), 9);
        Assert.Equal(902 * 902 / 1002.0, histogram.ExpectedSessionsWithAtLeast(3), 9);
    }

    [Fact]
    public void EndedSessionsKeepWholeCounts()
    {
        var histogram = Of((1, 1000), (2, 50), (3, 7));

        Assert.Equal([1057.0, 57, 7], new[] { 1, 2, 3 }.Select(histogram.ExpectedSessionsWithAtLeast));
    }

    [Fact]
    public void TheExpectationsSurviveSaving()
    {
        var histogram = RepeatHistogram.From(
            Enumerable.Repeat((1, true), 100).Concat(Enumerable.Repeat((1, false), 900)).Concat(Enumerable.Repeat((2, true), 2)));
        using var file = new MemoryStream();
        histogram.WriteTo(new ModelWriter(file));
        file.Position = 0;

        Assert.Equal(902, RepeatHistogram.ReadFrom(new ModelReader(file)).ExpectedSessionsWithAtLeast(2), 9);
    }

    [Fact]
    public void AnExpectationBelowTheSessionsSeenIsRefused()
    {
        using var file = new MemoryStream();
        var writer = new ModelWriter(file);
        writer.Write(2);
        writer.Write(1);
        writer.Write(1002);
        writer.Write(1002.0);
        writer.Write(2);
        writer.Write(2);
        writer.Write(1.5);
        file.Position = 0;

        var error = Assert.Throws<ModelFormatException>(() => RepeatHistogram.ReadFrom(new ModelReader(file)));
        Assert.Contains("repeat histogram entry 2", error.Message, StringComparison.Ordinal);
    }
}
