using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>How many training sessions a per-session count is expected in, within and beyond the counts training saw.</summary>
public class RepeatHistogramTests
{
    private static RepeatHistogram Of(params (int Count, int Sessions)[] groups) =>
        RepeatHistogram.From(groups.SelectMany(g => Enumerable.Repeat(g.Count, g.Sessions)));

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
}
