namespace Lad.Engine.Incidents;

/// <summary>Counts times in equal buckets over a range, for a timeline of bars.</summary>
public static class TimeBuckets
{
    /// <summary>The most buckets a range is cut into.</summary>
    public const int MaxBuckets = 48;

    // Widths below an hour, so a short range (an hour chosen on a day's timeline) is shown in finer bars.
    private static readonly TimeSpan[] ShortWidths = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>The bucket width for a range: the first of 1, 5 or 15 minutes that cuts it into at most
    /// <see cref="MaxBuckets"/> buckets, else an hour, or as many whole hours as keep it to that many.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not after <paramref name="from"/>.</exception>
    public static TimeSpan WidthFor(DateTime from, DateTime to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"the range must end after it starts ({from:O} to {to:O})", nameof(to));
        }

        var range = to - from;
        foreach (var width in ShortWidths)
        {
            if (range / width <= MaxBuckets)
            {
                return width;
            }
        }

        return TimeSpan.FromHours(Math.Max(1, Math.Ceiling(range.TotalHours / MaxBuckets)));
    }

    /// <summary>How many of <paramref name="times"/> fall in each bucket of <paramref name="width"/> from
    /// <paramref name="from"/> up to <paramref name="to"/> (the last bucket may end after it); times outside are left out.</summary>
    /// <exception cref="ArgumentException">The range is empty or the width is not positive.</exception>
    public static int[] Count(IEnumerable<DateTime> times, DateTime from, DateTime to, TimeSpan width)
    {
        if (to <= from || width <= TimeSpan.Zero)
        {
            throw new ArgumentException($"a range ({from:O} to {to:O}) and a positive width ({width}) are needed");
        }

        var counts = new int[(int)Math.Ceiling((to - from) / width)];
        foreach (var time in times)
        {
            if (time >= from && time < to)
            {
                counts[(int)((time - from) / width)]++;
            }
        }

        return counts;
    }
}
