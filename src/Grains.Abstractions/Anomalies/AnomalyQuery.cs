namespace Lad.Grains.Abstractions.Anomalies;

/// <summary>Which stored anomalies to return.</summary>
/// <param name="Collection">Only this input collection (source), when given.</param>
/// <param name="Hostname">Only this host, when given.</param>
/// <param name="Since">Only anomalies detected at or after this time (UTC), when given.</param>
/// <param name="Limit">Most anomalies to return (newest first), at least 1.</param>
[GenerateSerializer, Immutable]
public sealed record AnomalyQuery(
    [property: Id(0)] string? Collection,
    [property: Id(1)] string? Hostname,
    [property: Id(2)] DateTime? Since,
    [property: Id(3)] int Limit);
