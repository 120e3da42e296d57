namespace Lad.Grains.Abstractions.Anomalies;

/// <summary>Anomalies per clock hour of every host that had any, over the hours up to the current one.</summary>
/// <param name="From">Where the first hour starts (UTC, on the hour).</param>
/// <param name="Hours">How many hours (each host's counts have one per hour, oldest first).</param>
/// <param name="Hosts">The hosts with at least one anomaly in the range.</param>
[GenerateSerializer, Immutable]
public sealed record HourlyAnomalies(DateTime From, int Hours, IReadOnlyList<HostHourlyAnomalies> Hosts);

/// <summary>One host's anomalies per hour.</summary>
/// <param name="Source">The host's input collection.</param>
/// <param name="Host">The host.</param>
/// <param name="Counts">Anomalies detected in each hour, oldest first.</param>
[GenerateSerializer, Immutable]
public sealed record HostHourlyAnomalies(string Source, string Host, IReadOnlyList<int> Counts);
