namespace Lad.Engine.Incidents;

/// <summary>What one call of <see cref="IncidentGrouper.Assign"/> did.</summary>
/// <param name="IncidentOf">Each assigned anomaly id and the id of the incident it joined.</param>
/// <param name="Changes">One change per incident touched: <see cref="IncidentChangeKind.Opened"/> for the incidents the
/// call opened, <see cref="IncidentChangeKind.Grown"/> for the ones that were open before it.</param>
public sealed record GroupingResult(IReadOnlyDictionary<string, string> IncidentOf, IReadOnlyList<IncidentChange> Changes);
