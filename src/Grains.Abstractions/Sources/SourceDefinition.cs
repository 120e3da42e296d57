namespace Lad.Grains.Abstractions.Sources;

/// <summary>One input collection LAD watches at run time, the hosts it models in it and where their anomalies go.</summary>
/// <param name="Collection">The input collection in <c>MG_INPUT_DB</c>.</param>
/// <param name="Hostnames">The modelled hosts, each with its own detector.</param>
/// <param name="TargetCollection">The collection in <c>MG_TARGET_DB</c> receiving this source's anomalies.</param>
[GenerateSerializer, Immutable]
public sealed record SourceDefinition(
    [property: Id(0)] string Collection,
    [property: Id(1)] IReadOnlyList<string> Hostnames,
    [property: Id(2)] string TargetCollection);
