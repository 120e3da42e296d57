namespace Lad.Grains.Abstractions.Incidents;

/// <summary>The incidents not yet resolved, counted.</summary>
/// <param name="Total">How many there are.</param>
/// <param name="Hosts">How many each host takes part in (an incident of several hosts counts for each), for the hosts
/// with at least one, in source then host order.</param>
[GenerateSerializer, Immutable]
public sealed record OpenIncidentCounts(int Total, IReadOnlyList<HostOpenIncidents> Hosts);

/// <summary>How many open incidents one host takes part in.</summary>
/// <param name="Source">The host's source (input collection).</param>
/// <param name="Host">The host.</param>
/// <param name="Open">Its open incidents.</param>
[GenerateSerializer, Immutable]
public sealed record HostOpenIncidents(string Source, string Host, int Open);
