namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Which table receives a source's anomalies when the sink is MySQL.</summary>
public static class MySqlTargetTables
{
    /// <summary>The source's own <c>MYSQL_TARGET_TABLE</c>, else the global one, else <c>&lt;input table&gt;_anomalies</c>
    /// (as LAD names a MongoDB source's anomaly collection when none is given).</summary>
    /// <param name="inputTable">The source's input table (its <c>LOG_SOURCES</c> key).</param>
    /// <param name="sourceTable">The table under the source's entry; null when none.</param>
    /// <param name="defaultTable">The global <c>MYSQL_TARGET_TABLE</c>; null when unset.</param>
    public static string Of(string inputTable, string? sourceTable, string? defaultTable) =>
        sourceTable ?? defaultTable ?? inputTable + "_anomalies";
}
