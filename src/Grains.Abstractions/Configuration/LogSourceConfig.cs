namespace Lad.Grains.Abstractions.Configuration;

/// <summary>One input collection and the hosts whose logs LAD learns from it.</summary>
/// <param name="Collection">The input collection in <c>MG_INPUT_DB</c> (the key under <c>LOG_SOURCES</c>).</param>
/// <param name="Hostnames">The hosts to model; each gets its own model.</param>
/// <param name="TargetCollection">The collection in <c>MG_TARGET_DB</c> that receives this source's anomalies.</param>
/// <param name="SessionRegex">The regular expression whose first match in a message is the line's session key
/// (<c>SESSION_REGEX</c>), or null when the source's lines form one stream per host.</param>
/// <param name="MySqlTargetTable">The fork's <c>MYSQL_TARGET_TABLE</c> under the source: its anomaly table when the sink
/// is MySQL; null to use the global <c>MYSQL_TARGET_TABLE</c>, else <c>&lt;table&gt;_anomalies</c>.</param>
public sealed record LogSourceConfig(
    string Collection, IReadOnlyList<string> Hostnames, string TargetCollection, string? SessionRegex = null, string? MySqlTargetTable = null);
