namespace Lad.Engine.Incidents;

/// <summary>An event in an incident's life, carrying the incident as it stands after the change.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Incident">A snapshot of the incident after the change (not shared with the grouper, so safe to keep).</param>
public sealed record IncidentChange(IncidentChangeKind Kind, IncidentSnapshot Incident);
