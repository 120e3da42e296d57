namespace Lad.Engine.Source.Synthetic;

/// <summary>What <see cref="SyntheticLogGenerator"/> produces. The same options always give the same lines.</summary>
public sealed record SyntheticLogOptions
{
    /// <summary>How many hosts write lines (named <c>host-01</c>, <c>host-02</c>, ...).</summary>
    public int Hosts { get; init; } = 3;

    /// <summary>How many lines each host writes, anomalies included.</summary>
    public int LinesPerHost { get; init; } = 2000;

    /// <summary>The seed of the only random source; equal seeds give identical output.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How many anomalous lines each host gets (bursts count each of their lines).</summary>
    public int AnomaliesPerHost { get; init; } = 16;

    /// <summary>The leading fraction of each host's lines kept free of anomalies, so it can serve as clean history.</summary>
    public double CleanFraction { get; init; } = 0.5;

    /// <summary>
    /// Web churn: every hour of log time, this many new pages and new browser versions appear in the hosts' requests
    /// (and every host serves web requests), as on a public site. Normal lines, however new their values.
    /// </summary>
    public int FreshWebValuesPerHour { get; init; }

    /// <summary>
    /// Incidents already in the history: this many bursts of one never-normal error per host inside the clean part
    /// (labelled), and that host's <see cref="SyntheticAnomalyKind.UnseenError"/> anomalies later repeat the same
    /// error, as a fault that recurs after a retrain over the history that held it.
    /// </summary>
    public int HistoryIncidents { get; init; }

    /// <summary>Plants the timed scenarios of <see cref="SyntheticScenarios"/> (a host silent, a routine line surging, one
    /// fault on several hosts at once) after the clean part.</summary>
    public bool TimedScenarios { get; init; }

    /// <summary>Whether lines carry a severity level.</summary>
    public bool WithLevels { get; init; } = true;

    /// <summary>The time of the first line.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Hosts is < 1 or > 999)
        {
            throw new ArgumentException($"Hosts must be between 1 and 999, not {Hosts}", nameof(Hosts));
        }

        if (LinesPerHost < 10)
        {
            throw new ArgumentException($"LinesPerHost must be at least 10, not {LinesPerHost}", nameof(LinesPerHost));
        }

        if (CleanFraction is < 0 or >= 1)
        {
            throw new ArgumentException($"CleanFraction must be in [0, 1), not {CleanFraction}", nameof(CleanFraction));
        }

        if (FreshWebValuesPerHour is < 0 or > 1000)
        {
            throw new ArgumentException($"FreshWebValuesPerHour must be between 0 and 1000, not {FreshWebValuesPerHour}", nameof(FreshWebValuesPerHour));
        }

        var clean = (int)Math.Ceiling(LinesPerHost * CleanFraction);
        if (HistoryIncidents < 0 || HistoryIncidents * 40 > clean)
        {
            throw new ArgumentException(
                $"HistoryIncidents must be between 0 and {clean / 40} (one per 40 lines of the clean part), not {HistoryIncidents}", nameof(HistoryIncidents));
        }

        var room = LinesPerHost - (int)Math.Ceiling(LinesPerHost * CleanFraction);
        if (AnomaliesPerHost < 0 || AnomaliesPerHost > room / 4)
        {
            throw new ArgumentException(
                $"AnomaliesPerHost must be between 0 and {room / 4} (a quarter of the lines after the clean part), not {AnomaliesPerHost}",
                nameof(AnomaliesPerHost));
        }
    }
}
