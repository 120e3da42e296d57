using Lad.Engine.Incidents;

namespace Lad.Engine.Tests.Incidents;

public class TimeBucketsTests
{
    private static readonly DateTime From = new(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void TimesAreCountedInTheirBucketAndTimesOutsideTheRangeAreLeftOut()
    {
        DateTime[] times = [From.AddMinutes(5), From.AddMinutes(59), From.AddMinutes(60), From.AddHours(23.5), From.AddMinutes(-1), From.AddHours(24)];

        var counts = TimeBuckets.Count(times, From, From.AddHours(24), TimeSpan.FromHours(1));

        Assert.Equal(24, counts.Length);
        Assert.Equal((2, 1, 1), (counts[0], counts[1], counts[23]));
        Assert.Equal(4, counts.Sum());
    }

    [Fact]
    public void WidthIsTheFinestOfOneFiveFifteenMinutesOrWholeHoursKeepingTheBarsToFortyEight()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), TimeBuckets.WidthFor(From, From.AddMinutes(30)));
        Assert.Equal(TimeSpan.FromMinutes(5), TimeBuckets.WidthFor(From, From.AddHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(15), TimeBuckets.WidthFor(From, From.AddHours(12)));
        Assert.Equal(TimeSpan.FromHours(1), TimeBuckets.WidthFor(From, From.AddHours(24)));
        Assert.Equal(TimeSpan.FromHours(1), TimeBuckets.WidthFor(From, From.AddHours(48)));
        Assert.Equal(TimeSpan.FromHours(2), TimeBuckets.WidthFor(From, From.AddHours(49)));
        Assert.Equal(TimeSpan.FromHours(4), TimeBuckets.WidthFor(From, From.AddDays(7)));
        Assert.Equal(42, TimeBuckets.Count([], From, From.AddDays(7), TimeBuckets.WidthFor(From, From.AddDays(7))).Length);
        Assert.Throws<ArgumentException>(() => TimeBuckets.WidthFor(From, From));
    }
}
