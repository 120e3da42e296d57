namespace Lad.Grains.Retry;

/// <summary>How long something that failed waits before its next attempt: a ceiling doubling from
/// <see cref="Initial"/> per failed attempt up to <see cref="Max"/>, of which a random half to all is waited.</summary>
/// <remarks>Many parties failed by one outage (every host of a silo when MongoDB goes, every queued alert when the
/// receiver goes) would otherwise retry in lock-step and meet the recovering server all at once; half of each wait is
/// drawn, the other half keeps it growing. Host detectors (<c>DetectorTimings.Backoff</c>) and alert delivery
/// (<c>AlertOptions.Backoff</c>) both wait this way.</remarks>
/// <param name="Initial">The ceiling after the first failure.</param>
/// <param name="Max">The largest ceiling.</param>
public sealed record RetryBackoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>Draws a number in [0, 1] that places each wait between half its ceiling and its ceiling; tests give a
    /// seeded or fixed draw.</summary>
    public Func<double> Draw { get; init; } = Random.Shared.NextDouble;

    /// <summary>The longest wait after <paramref name="failures"/> failed attempts in a row (1 for the first failure):
    /// <see cref="Initial"/> doubled per further failure, capped at <see cref="Max"/>; zero before any failure.</summary>
    public TimeSpan Ceiling(int failures)
    {
        if (failures < 1)
        {
            return TimeSpan.Zero;
        }

        // Doubling past 2^30 overflows long before it matters: the cap is reached far earlier.
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Initial.Ticks * factor;
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait after <paramref name="failures"/> failed attempts in a row: between half of
    /// <see cref="Ceiling"/> and all of it, as <see cref="Draw"/> says.</summary>
    public TimeSpan After(int failures) =>
        TimeSpan.FromTicks((long)(Ceiling(failures).Ticks * (0.5 + (0.5 * Math.Clamp(Draw(), 0, 1)))));
}
