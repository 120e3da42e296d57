namespace Lad.Grains.Abstractions.Incidents;

/// <summary>One written anomaly handed to its source's incidents (a host detector sends these after its sink write).</summary>
/// <param name="Id">The anomaly document's <c>_id</c>; counted in one incident once, however often it is sent.</param>
/// <param name="Host">The host.</param>
/// <param name="Time">When the line was written: <c>MG_TIME_FIELD</c>, else the <c>_id</c> time (UTC).</param>
/// <param name="Template">Its template.</param>
/// <param name="Message">The line.</param>
/// <param name="Reasons">The model's reasons, strongest first.</param>
/// <param name="Score">The model's score.</param>
[GenerateSerializer, Immutable]
public sealed record IncidentAnomaly(
    [property: Id(0)] string Id,
    [property: Id(1)] string Host,
    [property: Id(2)] DateTime Time,
    [property: Id(3)] string Template,
    [property: Id(4)] string Message,
    [property: Id(5)] IReadOnlyList<string> Reasons,
    [property: Id(6)] double Score);
