namespace Lad.Grains.Abstractions.Incidents;

/// <summary>An incident as the console, the HTTP API and scripts see it.</summary>
/// <param name="Id">Its id (16 hex digits).</param>
/// <param name="Source">The input collection.</param>
/// <param name="Hosts">The hosts whose lines joined it.</param>
/// <param name="State"><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</param>
/// <param name="FirstSeen">The earliest line's time (UTC).</param>
/// <param name="LastSeen">The latest line's time (UTC).</param>
/// <param name="Count">Its anomalies, each counted once.</param>
/// <param name="Template">The template of the line that opened it.</param>
/// <param name="Representative">The line that opened it.</param>
/// <param name="Reasons">Why that line is anomalous.</param>
/// <param name="MaxScore">The highest score among its lines.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or null.</param>
/// <param name="AcknowledgedAt">When, or null.</param>
/// <param name="ResolvedBy">Who resolved it; null when open or resolved by its quiet period.</param>
/// <param name="ResolvedAt">When it was resolved, or null.</param>
/// <param name="Samples">A few of its lines.</param>
[GenerateSerializer, Immutable]
public sealed record IncidentSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] IReadOnlyList<string> Hosts,
    [property: Id(3)] string State,
    [property: Id(4)] DateTime FirstSeen,
    [property: Id(5)] DateTime LastSeen,
    [property: Id(6)] long Count,
    [property: Id(7)] string Template,
    [property: Id(8)] string Representative,
    [property: Id(9)] IReadOnlyList<string> Reasons,
    [property: Id(10)] double MaxScore,
    [property: Id(11)] string? AcknowledgedBy,
    [property: Id(12)] DateTime? AcknowledgedAt,
    [property: Id(13)] string? ResolvedBy,
    [property: Id(14)] DateTime? ResolvedAt,
    [property: Id(15)] IReadOnlyList<IncidentSampleLine> Samples);
