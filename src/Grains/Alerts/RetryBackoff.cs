namespace Lad.Grains.Alerts;

/// <summary>How long a failed delivery waits before its next attempt: doubling from <see cref="Initial"/> per failed
/// attempt, never longer than <see cref="Max"/>, and never given up (a receiver down for a day still gets the latest
/// state of every incident once it is back).</summary>
/// <param name="Initial">The wait after the first failure.</param>
/// <param name="Max">The longest wait.</param>
public sealed record RetryBackoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>The wait after <paramref name="failures"/> failed attempts in a row (1 for the first failure).</summary>
    public TimeSpan After(int failures)
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
}
