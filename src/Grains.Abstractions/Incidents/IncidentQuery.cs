namespace Lad.Grains.Abstractions.Incidents;

/// <summary>Which incidents to list.</summary>
/// <param name="OpenOnly">Only incidents not resolved (open or acknowledged).</param>
/// <param name="Source">Only this input collection, when given.</param>
/// <param name="Host">Only incidents this host took part in, when given.</param>
/// <param name="Since">Only incidents seen at or after this time (UTC), when given.</param>
/// <param name="Limit">Most incidents, latest seen first; at least 1.</param>
[GenerateSerializer, Immutable]
public sealed record IncidentQuery(
    [property: Id(0)] bool OpenOnly,
    [property: Id(1)] string? Source,
    [property: Id(2)] string? Host,
    [property: Id(3)] DateTime? Since,
    [property: Id(4)] int Limit);
