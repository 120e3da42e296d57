namespace Lad.Engine.Incidents;

/// <summary>Groups anomalies into incidents by what they are and when they happened, across the hosts of a source.</summary>
/// <remarks>
/// An anomaly joins an unresolved incident of its source when
/// <list type="bullet">
/// <item>its time lies within <see cref="IncidentGroupingOptions.QuietPeriod"/> of the incident's lines (no quiet gap in
/// between) and within <see cref="IncidentGroupingOptions.MaxSpan"/> of its first line, and</item>
/// <item>its signature is the incident's, or lies within <see cref="IncidentGroupingOptions.SimilarityRadius"/> of it
/// while the incident already holds <see cref="IncidentGroupingOptions.MinSamples"/> anomalies (as DBSCAN lets only core
/// points widen a cluster, so two lone lines never chain unrelated templates together).</item>
/// </list>
/// Among several, the same signature wins, then the nearest, then the latest. Failing that, an anomaly within
/// <see cref="IncidentGroupingOptions.BurstGap"/> of the lines of a young incident on its host joins it, whatever its
/// template: a boot or a crash writes many different lines at once, and they are one event. Otherwise the anomaly opens
/// an incident.
/// The grouper holds only unresolved incidents; the caller makes sure an anomaly id is given once (the daemon marks each
/// anomaly document with its incident and skips marked ones).
/// </remarks>
public sealed class IncidentGrouper
{
    private readonly IncidentGroupingOptions _options;
    private readonly Dictionary<string, Incident> _unresolved = new(StringComparer.Ordinal);

    /// <summary>Creates a grouper that goes on from <paramref name="unresolved"/> (stored incidents not yet resolved).</summary>
    /// <param name="options">The grouping rules.</param>
    /// <param name="unresolved">Incidents to go on with; resolved ones among them are ignored.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public IncidentGrouper(IncidentGroupingOptions options, IEnumerable<IncidentSnapshot>? unresolved = null)
    {
        options.Validate();
        _options = options;
        foreach (var snapshot in unresolved ?? [])
        {
            if (snapshot.State != IncidentState.Resolved)
            {
                _unresolved[snapshot.Id] = Incident.From(snapshot);
            }
        }
    }

    /// <summary>The incidents not yet resolved.</summary>
    public IReadOnlyCollection<Incident> Unresolved => _unresolved.Values;

    /// <summary>An unresolved incident by id, or null.</summary>
    /// <param name="id">The incident id.</param>
    public Incident? Find(string id) => _unresolved.GetValueOrDefault(id);

    /// <summary>Assigns each anomaly (in time order) to an incident, opening incidents as needed; an id given twice in
    /// <paramref name="anomalies"/> counts once.</summary>
    /// <param name="anomalies">New anomalies, of any sources and hosts.</param>
    public GroupingResult Assign(IEnumerable<AnomalyOccurrence> anomalies)
    {
        var incidentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var opened = new HashSet<string>(StringComparer.Ordinal);
        var touched = new List<Incident>();
        foreach (var anomaly in anomalies.OrderBy(a => a.Time).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            if (incidentOf.ContainsKey(anomaly.Id))
            {
                continue;
            }

            var signature = IncidentSignature.Of(anomaly.Template);
            var incident = BestMatch(anomaly, signature);
            if (incident is null)
            {
                incident = Incident.Open(anomaly, signature);
                _unresolved[incident.Id] = incident;
                opened.Add(incident.Id);
            }

            if (!touched.Contains(incident))
            {
                touched.Add(incident);
            }

            incident.Add(anomaly, _options.MaxSamples);
            incidentOf[anomaly.Id] = incident.Id;
        }

        var changes = touched
            .Select(i => new IncidentChange(opened.Contains(i.Id) ? IncidentChangeKind.Opened : IncidentChangeKind.Grown, i.Snapshot()))
            .ToList();
        return new GroupingResult(incidentOf, changes);
    }

    /// <summary>Resolves every incident whose last line is at least the quiet period before <paramref name="now"/>; its
    /// resolution time is its last line plus the quiet period.</summary>
    /// <param name="now">The current time (UTC): the clock in the daemon, the last line's time on a file.</param>
    public IReadOnlyList<IncidentChange> ResolveQuiet(DateTime now)
    {
        var quiet = _unresolved.Values.Where(i => now - i.LastSeen >= _options.QuietPeriod).ToList();
        foreach (var incident in quiet)
        {
            incident.Resolve(null, incident.LastSeen + _options.QuietPeriod);
            _unresolved.Remove(incident.Id);
        }

        return [.. quiet.Select(i => new IncidentChange(IncidentChangeKind.Resolved, i.Snapshot()))];
    }

    /// <summary>Marks an unresolved incident acknowledged.</summary>
    /// <param name="id">The incident id.</param>
    /// <param name="by">Who.</param>
    /// <param name="at">When (UTC).</param>
    /// <returns>The change, or null when no unresolved incident has that id.</returns>
    public IncidentChange? Acknowledge(string id, string by, DateTime at)
    {
        if (Find(id) is not { } incident)
        {
            return null;
        }

        incident.Acknowledge(by, at);
        return new IncidentChange(IncidentChangeKind.Acknowledged, incident.Snapshot());
    }

    /// <summary>Resolves an unresolved incident on a person's word; a repeat of its lines opens a new incident.</summary>
    /// <param name="id">The incident id.</param>
    /// <param name="by">Who.</param>
    /// <param name="at">When (UTC).</param>
    /// <returns>The change, or null when no unresolved incident has that id.</returns>
    public IncidentChange? Resolve(string id, string by, DateTime at)
    {
        if (Find(id) is not { } incident)
        {
            return null;
        }

        incident.Resolve(by, at);
        _unresolved.Remove(id);
        return new IncidentChange(IncidentChangeKind.Resolved, incident.Snapshot());
    }

    private Incident? BestMatch(AnomalyOccurrence anomaly, IncidentSignature signature) =>
        ByKind(anomaly, signature) ?? ByBurst(anomaly);

    /// <summary>
    /// The latest incident on <paramref name="anomaly"/>'s host whose lines it lies within the burst gap of, while that
    /// incident is younger than <see cref="IncidentGroupingOptions.MaxBurstSpan"/>: a boot or a crash writes its lines
    /// within that, and a different line beside a fault that has gone on longer is news of its own.
    /// </summary>
    private Incident? ByBurst(AnomalyOccurrence anomaly)
    {
        // Zero turns bursts off, even for lines stamped at one instant.
        if (_options.BurstGap <= TimeSpan.Zero)
        {
            return null;
        }

        Incident? best = null;
        foreach (var incident in _unresolved.Values)
        {
            if (incident.Source == anomaly.Source
                && incident.Hosts.Contains(anomaly.Host)
                && anomaly.Time >= incident.FirstSeen - _options.BurstGap && anomaly.Time <= incident.LastSeen + _options.BurstGap
                && anomaly.Time - incident.FirstSeen <= IncidentGroupingOptions.MaxBurstSpan
                && (best is null || incident.LastSeen > best.LastSeen))
            {
                best = incident;
            }
        }

        return best;
    }

    private Incident? ByKind(AnomalyOccurrence anomaly, IncidentSignature signature)
    {
        Incident? best = null;
        var bestDistance = double.MaxValue;
        foreach (var incident in _unresolved.Values)
        {
            if (incident.Source != anomaly.Source
                || anomaly.Time - incident.LastSeen > _options.QuietPeriod
                || incident.FirstSeen - anomaly.Time > _options.QuietPeriod
                || anomaly.Time - incident.FirstSeen > _options.MaxSpan)
            {
                continue;
            }

            var distance = incident.SignatureKey == signature.Key ? 0 : incident.Signature.DistanceTo(signature);
            if (distance > 0 && (distance > _options.SimilarityRadius || incident.Count < _options.MinSamples))
            {
                continue;
            }

            if (distance < bestDistance || (distance == bestDistance && incident.LastSeen > best!.LastSeen))
            {
                best = incident;
                bestDistance = distance;
            }
        }

        return best;
    }
}
