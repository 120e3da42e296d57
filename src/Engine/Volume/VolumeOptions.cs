namespace Lad.Engine.Volume;

/// <summary>How volume anomalies are measured.</summary>
/// <param name="Interval">The interval rates are counted over (<c>VOLUME_INTERVAL</c>).</param>
public sealed record VolumeOptions(TimeSpan Interval)
{
    /// <summary>Five-minute intervals: short enough to see a burst, long enough to count one.</summary>
    public static VolumeOptions Default { get; } = new(TimeSpan.FromMinutes(5));

    /// <summary>The fewest intervals of history a profile needs before it reports anything: one rate is no rate.</summary>
    public const int MinIntervals = 12;

    /// <summary>How many more lines than history's maximum an interval must hold to be a surge, besides twice that
    /// maximum: a template seen at most once per interval is not surging at three.</summary>
    public const int MinExcess = 10;

    /// <summary>How unlikely, under history's own presence rate, a run of empty intervals must be to call a routine
    /// template vanished.</summary>
    public const double VanishedChance = 1e-4;

    /// <summary>The share of history's intervals a template must appear in to be routine (and missed when absent).</summary>
    public const double RoutineShare = 0.9;
}
