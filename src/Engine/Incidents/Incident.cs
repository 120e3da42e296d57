namespace Lad.Engine.Incidents;

/// <summary>One incident while the grouper holds it: anomalies of one kind, on one or more hosts of a source, close
/// together in time.</summary>
public sealed class Incident
{
    private readonly SortedSet<string> _hosts;
    private readonly List<IncidentSample> _samples;

    private Incident(IncidentSnapshot from)
    {
        Id = from.Id;
        Source = from.Source;
        Signature = IncidentSignature.Of(from.Template);
        SignatureKey = from.Signature;
        Template = from.Template;
        Representative = from.Representative;
        Reasons = from.Reasons;
        MaxScore = from.MaxScore;
        _hosts = new SortedSet<string>(from.Hosts, StringComparer.Ordinal);
        FirstSeen = from.FirstSeen;
        LastSeen = from.LastSeen;
        Count = from.Count;
        _samples = [.. from.Samples];
        State = from.State;
        AcknowledgedBy = from.AcknowledgedBy;
        AcknowledgedAt = from.AcknowledgedAt;
        ResolvedBy = from.ResolvedBy;
        ResolvedAt = from.ResolvedAt;
    }

    /// <summary>The incident's id.</summary>
    public string Id { get; }

    /// <summary>The source its lines came from.</summary>
    public string Source { get; }

    /// <summary>What it is, to compare lines with.</summary>
    public IncidentSignature Signature { get; }

    /// <summary>The stored signature key (the opening template's <see cref="IncidentSignature.Key"/>).</summary>
    public string SignatureKey { get; }

    /// <summary>The template of the line that opened it.</summary>
    public string Template { get; }

    /// <summary>The line that opened it.</summary>
    public string Representative { get; }

    /// <summary>Why that line is anomalous.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The highest score of its anomalies.</summary>
    public double MaxScore { get; private set; }

    /// <summary>The hosts, sorted.</summary>
    public IReadOnlyCollection<string> Hosts => _hosts;

    /// <summary>The earliest line's time.</summary>
    public DateTime FirstSeen { get; private set; }

    /// <summary>The latest line's time.</summary>
    public DateTime LastSeen { get; private set; }

    /// <summary>Anomalies counted.</summary>
    public long Count { get; private set; }

    /// <summary>Where it stands.</summary>
    public IncidentState State { get; private set; }

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; private set; }

    /// <summary>When it was acknowledged.</summary>
    public DateTime? AcknowledgedAt { get; private set; }

    /// <summary>Who resolved it (null for a quiet period).</summary>
    public string? ResolvedBy { get; private set; }

    /// <summary>When it was resolved.</summary>
    public DateTime? ResolvedAt { get; private set; }

    /// <summary>Opens an incident with <paramref name="first"/> as its first line.</summary>
    /// <param name="first">The opening anomaly.</param>
    /// <param name="signature">Its signature.</param>
    public static Incident Open(AnomalyOccurrence first, IncidentSignature signature)
    {
        var incident = new Incident(new IncidentSnapshot(
            IncidentIds.For(first.Source, signature.Key, first.Id), first.Source, signature.Key, first.Template, first.Message,
            first.Reasons, first.Score, [], first.Time, first.Time, 0, [], IncidentState.Open, null, null, null, null));
        return incident;
    }

    /// <summary>Rebuilds an incident from what was stored.</summary>
    /// <param name="snapshot">The stored incident.</param>
    public static Incident From(IncidentSnapshot snapshot) => new(snapshot);

    /// <summary>Counts <paramref name="anomaly"/> in the incident.</summary>
    /// <param name="anomaly">A joining anomaly (the caller makes sure each id joins once).</param>
    /// <param name="maxSamples">How many sample lines to keep.</param>
    public void Add(AnomalyOccurrence anomaly, int maxSamples)
    {
        Count++;
        _hosts.Add(anomaly.Host);
        MaxScore = Math.Max(MaxScore, anomaly.Score);
        if (anomaly.Time < FirstSeen)
        {
            FirstSeen = anomaly.Time;
        }

        if (anomaly.Time > LastSeen)
        {
            LastSeen = anomaly.Time;
        }

        if (_samples.Count < maxSamples)
        {
            _samples.Add(new IncidentSample(anomaly.Id, anomaly.Host, anomaly.Time, anomaly.Message));
        }
    }

    /// <summary>Sets the count to what a store counted: the daemon counts an incident's recorded lines, which is exact
    /// where this copy may have missed or repeated lines of a replayed batch.</summary>
    /// <param name="counted">The stored count.</param>
    public void Recount(long counted) => Count = counted;

    /// <summary>Marks it taken up by <paramref name="by"/>.</summary>
    /// <param name="by">Who.</param>
    /// <param name="at">When (UTC).</param>
    /// <exception cref="InvalidOperationException">It is already resolved.</exception>
    public void Acknowledge(string by, DateTime at)
    {
        if (State == IncidentState.Resolved)
        {
            throw new InvalidOperationException($"incident {Id} is resolved; a repeat opens a new incident");
        }

        State = IncidentState.Acknowledged;
        AcknowledgedBy = by;
        AcknowledgedAt = at;
    }

    /// <summary>Closes it.</summary>
    /// <param name="by">Who resolved it, or null for its quiet period.</param>
    /// <param name="at">When (UTC).</param>
    public void Resolve(string? by, DateTime at)
    {
        State = IncidentState.Resolved;
        ResolvedBy = by;
        ResolvedAt = at;
    }

    /// <summary>The incident as it stands now.</summary>
    public IncidentSnapshot Snapshot() => new(
        Id, Source, SignatureKey, Template, Representative, Reasons, MaxScore, [.. _hosts], FirstSeen, LastSeen, Count, [.. _samples],
        State, AcknowledgedBy, AcknowledgedAt, ResolvedBy, ResolvedAt);
}
