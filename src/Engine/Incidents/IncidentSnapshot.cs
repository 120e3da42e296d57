namespace Lad.Engine.Incidents;

/// <summary>An incident as it stands at one moment: the row an operator sees, the document LAD stores.</summary>
/// <param name="Id">Stable id (16 hex digits), derived from the source, the signature and the first anomaly.</param>
/// <param name="Source">The input the incident's lines came from.</param>
/// <param name="Signature">The constant words of the template that opened it (<see cref="IncidentSignature"/>).</param>
/// <param name="Template">The template of the line that opened it.</param>
/// <param name="Representative">The line that opened it.</param>
/// <param name="Reasons">That line's reasons: the explanation.</param>
/// <param name="MaxScore">The highest score of its anomalies.</param>
/// <param name="Hosts">The hosts whose lines joined it, sorted.</param>
/// <param name="FirstSeen">The earliest line's time (UTC).</param>
/// <param name="LastSeen">The latest line's time (UTC).</param>
/// <param name="Count">How many anomalies joined it, each counted once.</param>
/// <param name="Samples">The first few lines, with their anomaly ids.</param>
/// <param name="State">Open, acknowledged or resolved.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or null.</param>
/// <param name="AcknowledgedAt">When (UTC), or null.</param>
/// <param name="ResolvedBy">Who resolved it; null when it is open or was resolved by its quiet period.</param>
/// <param name="ResolvedAt">When it was resolved (UTC), or null while it is not.</param>
public sealed record IncidentSnapshot(
    string Id,
    string Source,
    string Signature,
    string Template,
    string Representative,
    IReadOnlyList<string> Reasons,
    double MaxScore,
    IReadOnlyList<string> Hosts,
    DateTime FirstSeen,
    DateTime LastSeen,
    long Count,
    IReadOnlyList<IncidentSample> Samples,
    IncidentState State,
    string? AcknowledgedBy,
    DateTime? AcknowledgedAt,
    string? ResolvedBy,
    DateTime? ResolvedAt);
