using Lad.Engine.Incidents;

namespace Lad.Integration.Tests.Alerts;

/// <summary>An incident's life written by hand (opened, grown, acknowledged, resolved), as the incident grain reports it.</summary>
internal sealed class ScriptedIncident(string id, string source = "switch_logs", string firstHost = "cumulus")
{
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
    private IncidentSnapshot _now = new(
        id, source, "kernel panic fatal exception", "kernel panic: fatal exception in <*>", "kernel panic: fatal exception in irq 7",
        ["template never seen in training", "word 'panic' never seen"], 3.5, [firstHost], Start, Start, 1,
        [new IncidentSample($"{id}-a1", firstHost, Start, "kernel panic: fatal exception in irq 7")], IncidentState.Open, null, null, null, null);

    public string Id => id;

    public IncidentChange Opened() => new(IncidentChangeKind.Opened, _now);

    public IncidentChange Grown(long count, params string[] moreHosts)
    {
        _now = _now with
        {
            Count = count,
            Hosts = [.. _now.Hosts.Concat(moreHosts).Distinct().Order(StringComparer.Ordinal)],
            LastSeen = Start.AddMinutes(count),
        };
        return new IncidentChange(IncidentChangeKind.Grown, _now);
    }

    public IncidentChange Acknowledged(string by)
    {
        _now = _now with { State = IncidentState.Acknowledged, AcknowledgedBy = by, AcknowledgedAt = _now.LastSeen.AddMinutes(1) };
        return new IncidentChange(IncidentChangeKind.Acknowledged, _now);
    }

    public IncidentChange Resolved()
    {
        _now = _now with { State = IncidentState.Resolved, ResolvedAt = _now.LastSeen.AddMinutes(30) };
        return new IncidentChange(IncidentChangeKind.Resolved, _now);
    }
}
