namespace Lad.Grains.Abstractions.Configuration;

/// <summary>The checks of the MySQL source and sink settings (<c>STORAGE_DATASOURCE</c>/<c>STORAGE_DATASINK: mysql</c>).</summary>
internal static class MySqlRules
{
    /// <summary>The storage value that selects MySQL (or MariaDB).</summary>
    public const string Storage = "mysql";

    /// <summary>MySQL's longest table or column name.</summary>
    public const int MaxIdentifierLength = 64;

    /// <summary>The database LAD keeps its own state in when a MySQL configuration names no <c>MG_TARGET_DB</c>.</summary>
    public const string DefaultStateDatabase = "lad";

    /// <summary>Adds the problems of the MySQL settings in use to <paramref name="errors"/>.</summary>
    /// <param name="values">The settings by LAD key.</param>
    /// <param name="sources">The log sources (their names are the input tables when the source is MySQL).</param>
    /// <param name="keyOf">The key the user wrote for a setting.</param>
    /// <param name="errors">Receives the problems.</param>
    public static void Check(
        IReadOnlyDictionary<string, object?> values, IReadOnlyList<LogSourceConfig> sources, Func<string, string> keyOf, List<ConfigError> errors)
    {
        if (Reads(values))
        {
            CheckEndpoint(values, "INPUT", "the server holding the log tables", errors);
            if (values["MG_TIME_FIELD"] is not string { Length: > 0 })
            {
                errors.Add(new ConfigError("DATETIME_INDEX",
                    "is not set (nor MG_TIME_FIELD): name the DATETIME or TIMESTAMP column holding each row's time; LAD reads a MySQL table in that order"));
            }

            foreach (var source in sources)
            {
                CheckIdentifier($"LOG_SOURCES.{source.Collection}", "the input table name", source.Collection, errors);
            }
        }

        if (Writes(values))
        {
            CheckEndpoint(values, "TARGET", "the server receiving the anomaly rows", errors);
            CheckIdentifier("MYSQL_TARGET_TABLE", "the anomaly table name", values["MYSQL_TARGET_TABLE"] as string, errors);
            foreach (var source in sources)
            {
                CheckIdentifier($"LOG_SOURCES.{source.Collection}.MYSQL_TARGET_TABLE", "the anomaly table name", source.MySqlTargetTable, errors);
            }
        }

        if (Reads(values) || Writes(values))
        {
            foreach (var key in new[] { "MG_MESSAGE_FIELD", "MG_HOSTNAME_FIELD", "MG_TIME_FIELD", "MG_LEVEL_FIELD", "MG_PROGRAM_FIELD" })
            {
                CheckIdentifier(keyOf(key), "a column name", values[key] as string, errors);
            }
        }
    }

    /// <summary>Whether logs are read from MySQL.</summary>
    public static bool Reads(IReadOnlyDictionary<string, object?> values) =>
        string.Equals(values["STORAGE_DATASOURCE"] as string, Storage, StringComparison.Ordinal);

    /// <summary>Whether anomalies are written to MySQL.</summary>
    public static bool Writes(IReadOnlyDictionary<string, object?> values) =>
        string.Equals(values["STORAGE_DATASINK"] as string, Storage, StringComparison.Ordinal);

    private static void CheckEndpoint(IReadOnlyDictionary<string, object?> values, string side, string what, List<ConfigError> errors)
    {
        foreach (var (suffix, why) in new[] { ("HOST", $"name {what}"), ("USER", "name the MySQL user LAD connects as"), ("DB", $"name the database on {what}") })
        {
            var key = $"MYSQL_{side}_{suffix}";
            if (values[key] is not string { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new ConfigError(key, $"is empty: {why}"));
            }
        }

        var portKey = $"MYSQL_{side}_PORT";
        if (values[portKey] is long port and (< 1 or > 65535))
        {
            errors.Add(new ConfigError(portKey, $"must be a TCP port between 1 and 65535, got {port}"));
        }
    }

    // Names are quoted in every statement, so any character but NUL is safe; MySQL's own limit is the length.
    private static void CheckIdentifier(string key, string what, string? name, List<ConfigError> errors)
    {
        if (name is null or "")
        {
            return;
        }

        if (name.Contains('\0', StringComparison.Ordinal) || name.EndsWith(' '))
        {
            errors.Add(new ConfigError(key, $"{what} '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' holds a NUL or ends in a space, which MySQL does not allow"));
        }
        else if (name.Length > MaxIdentifierLength)
        {
            errors.Add(new ConfigError(key, $"{what} is {name.Length} characters long; MySQL allows at most {MaxIdentifierLength}"));
        }
    }
}
