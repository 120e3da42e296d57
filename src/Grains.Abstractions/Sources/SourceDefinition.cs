using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Abstractions.Sources;

/// <summary>One input collection LAD watches at run time, the hosts it models in it and where their anomalies go.</summary>
/// <param name="Collection">The input collection in <c>MG_INPUT_DB</c>.</param>
/// <param name="Hostnames">The modelled hosts, each with its own detector.</param>
/// <param name="TargetCollection">The collection in <c>MG_TARGET_DB</c> receiving this source's anomalies.</param>
/// <param name="SessionRegex">The regular expression whose first match in a message is the line's session key, or null
/// when each host's lines form one stream.</param>
/// <param name="MySqlTargetTable">The anomaly table under the source's entry when the sink is MySQL (<c>MYSQL_TARGET_TABLE</c>);
/// null to use the global one.</param>
[GenerateSerializer, Immutable]
public sealed record SourceDefinition(
    [property: Id(0)] string Collection,
    [property: Id(1)] IReadOnlyList<string> Hostnames,
    [property: Id(2)] string TargetCollection,
    [property: Id(3)] string? SessionRegex = null,
    [property: Id(4)] string? MySqlTargetTable = null)
{
    /// <summary>The run-time form of a YAML <c>LOG_SOURCES</c> entry.</summary>
    public static SourceDefinition From(LogSourceConfig config) =>
        new(config.Collection, config.Hostnames, config.TargetCollection, config.SessionRegex, config.MySqlTargetTable);
}
