namespace Lad.Engine.Incidents;

/// <summary>How anomalies are grouped into incidents (the daemon reads them from the seed fork's <c>AGGR_*</c> keys and
/// <c>INCIDENT_QUIET_PERIOD</c>).</summary>
public sealed record IncidentGroupingOptions
{
    /// <summary>A gap this long without a joining anomaly closes an incident: the next such line opens a new one, and the
    /// daemon resolves it once the clock passes its last line by this much. Default 30 minutes.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest time one incident covers from its first line (<c>AGGR_TIME_SPAN</c>, default one day, the span
    /// one run of the fork's aggregator grouped); a line later than that opens a new incident even without a gap.</summary>
    public TimeSpan MaxSpan { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The largest <see cref="IncidentSignature.DistanceTo"/> at which a line of another template still joins an
    /// incident (<c>AGGR_EPS</c>, DBSCAN's radius; default 0.5: at least half of the two templates' words shared).</summary>
    public double SimilarityRadius { get; init; } = 0.5;

    /// <summary>How many anomalies an incident must hold before lines of merely similar templates join it
    /// (<c>AGGR_MIN_SAMPLES</c>, DBSCAN's core-point size, default 5); lines of the same signature always join.</summary>
    public int MinSamples { get; init; } = 5;

    /// <summary>Lines one host flags this close together are one event whatever their templates (a boot, an upgrade, a
    /// crash writing many different lines at once): a line no incident of its own kind takes joins an incident on its
    /// host whose lines it is this close to, during that incident's first <see cref="MaxBurstSpan"/>
    /// (<c>INCIDENT_BURST_GAP</c>, default 5 seconds; zero turns this off).</summary>
    public TimeSpan BurstGap { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after its first line an incident still takes a host's burst: a boot's or a crash's lines come
    /// within it, while a fault that goes on longer is a repeating one, and a different line beside it is news.</summary>
    public static readonly TimeSpan MaxBurstSpan = TimeSpan.FromMinutes(2);

    /// <summary>How many sample lines an incident keeps (the first ones).</summary>
    public int MaxSamples { get; init; } = 5;

    /// <summary>Throws when a value cannot work, naming it.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (QuietPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the quiet period must be positive, not {QuietPeriod}");
        }

        if (BurstGap < TimeSpan.Zero)
        {
            throw new ArgumentException($"the burst gap must not be negative, not {BurstGap}");
        }

        if (MaxSpan <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the incident span must be positive, not {MaxSpan}");
        }

        if (SimilarityRadius is < 0 or > 1 || double.IsNaN(SimilarityRadius))
        {
            throw new ArgumentException($"the similarity radius must be between 0 and 1, not {SimilarityRadius}");
        }

        if (MinSamples < 1 || MaxSamples < 1)
        {
            throw new ArgumentException($"the minimum group size and the sample count must be at least 1, not {MinSamples} and {MaxSamples}");
        }
    }
}
