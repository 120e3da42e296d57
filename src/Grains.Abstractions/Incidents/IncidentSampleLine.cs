namespace Lad.Grains.Abstractions.Incidents;

/// <summary>A sample line of an incident, with the host's lines around it when asked for details.</summary>
/// <param name="AnomalyId">The anomaly's id (<c>collection:sourceId</c>), which <c>lad feedback</c> takes.</param>
/// <param name="Host">The host.</param>
/// <param name="Time">When it was written (UTC).</param>
/// <param name="Message">The line.</param>
/// <param name="Before">The host's lines just before it, oldest first (empty in listings).</param>
/// <param name="After">The host's lines just after it, oldest first (empty in listings).</param>
[GenerateSerializer, Immutable]
public sealed record IncidentSampleLine(
    [property: Id(0)] string AnomalyId,
    [property: Id(1)] string Host,
    [property: Id(2)] DateTime Time,
    [property: Id(3)] string Message,
    [property: Id(4)] IReadOnlyList<string> Before,
    [property: Id(5)] IReadOnlyList<string> After);
