namespace Lad.Grains.Abstractions.Incidents;

/// <summary>Which incidents to list.</summary>
/// <param name="OpenOnly">Only incidents not resolved (open or acknowledged).</param>
/// <param name="Source">Only this input collection, when given.</param>
/// <param name="Host">Only incidents this host took part in, when given.</param>
/// <param name="Since">Only incidents seen at or after this time (UTC), when given.</param>
/// <param name="Limit">Most incidents, latest seen first; at least 1.</param>
/// <param name="State">Only incidents in this state (<c>open</c>, <c>acknowledged</c> or <c>resolved</c>), when given.</param>
/// <param name="Until">Only incidents whose first line is at or before this time (UTC), when given.</param>
/// <param name="Skip">Incidents of the ordered result to leave out before the first returned (paging); at least 0.</param>
[GenerateSerializer, Immutable]
public sealed record IncidentQuery(
    [property: Id(0)] bool OpenOnly,
    [property: Id(1)] string? Source,
    [property: Id(2)] string? Host,
    [property: Id(3)] DateTime? Since,
    [property: Id(4)] int Limit,
    [property: Id(5)] string? State = null,
    [property: Id(6)] DateTime? Until = null,
    [property: Id(7)] int Skip = 0);
