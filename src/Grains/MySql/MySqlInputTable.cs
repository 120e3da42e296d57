namespace Lad.Grains.MySql;

/// <summary>A log table checked against the configuration: the columns named by the message, host, time, level and program keys
/// exist, the time column holds dates, and a primary key names each row. Built once per table and reused.</summary>
internal sealed class MySqlInputTable
{
    private static readonly HashSet<string> DateTypes = new(StringComparer.Ordinal) { "datetime", "timestamp", "date" };

    private MySqlInputTable(string name, string table, IReadOnlyList<string> key, string message, string host, string time, string? level, string? program)
    {
        Name = name;
        Table = table;
        Key = key;
        Message = message;
        Host = host;
        Time = time;
        Level = level;
        Program = program;
    }

    /// <summary>The table as <c>database.table</c>, for messages.</summary>
    public string Name { get; }

    /// <summary>The table's name.</summary>
    public string Table { get; }

    /// <summary>The primary key's columns, in key order.</summary>
    public IReadOnlyList<string> Key { get; }

    /// <summary>The message column.</summary>
    public string Message { get; }

    /// <summary>The host column.</summary>
    public string Host { get; }

    /// <summary>The time column, which orders the rows.</summary>
    public string Time { get; }

    /// <summary>The level column, if one is configured.</summary>
    public string? Level { get; }

    /// <summary>The program (syslog tag) column, if one is configured.</summary>
    public string? Program { get; }

    /// <summary>The columns a read selects: the key, then message, host, time, level and program.</summary>
    public IEnumerable<string> Selected => Key.Concat(new[] { Message, Host, Time, Level, Program }.OfType<string>()).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks <paramref name="schema"/> (null: the table does not exist) against the configured column names.</summary>
    /// <param name="table">The table's name as configured.</param>
    /// <param name="database">The database, for messages.</param>
    /// <param name="schema">The table's schema.</param>
    /// <param name="message">The message column with the key that names it (e.g. <c>MESSAGE_INDEX</c>).</param>
    /// <param name="host">The host column with its key.</param>
    /// <param name="time">The time column with its key.</param>
    /// <param name="level">The level column with its key; a null name when none is configured.</param>
    /// <param name="program">The program column with its key; a null name when none is configured.</param>
    /// <exception cref="MySqlSchemaException">The table, a column or the primary key is missing, or the time column holds no dates.</exception>
    public static MySqlInputTable From(
        string table, string database, MySqlTableSchema? schema, (string Key, string Name) message, (string Key, string Name) host,
        (string Key, string Name) time, (string Key, string? Name) level, (string Key, string? Name) program)
    {
        var name = $"{database}.{table}";
        if (schema is null)
        {
            throw new MySqlSchemaException($"MySQL table {name} does not exist (LOG_SOURCES names the input tables, MYSQL_INPUT_DB their database)");
        }

        string Column((string Key, string Name) named) => schema.Find(named.Name)
            ?? throw new MySqlSchemaException(
                $"MySQL table {name} has no column '{named.Name}' ({named.Key}); its columns are {string.Join(", ", schema.Columns.Keys.Order(StringComparer.Ordinal))}");

        var messageColumn = Column(message);
        var hostColumn = Column(host);
        var timeColumn = Column(time);
        var levelColumn = level.Name is { } levelName ? Column((level.Key, levelName)) : null;
        var programColumn = program.Name is { } programName ? Column((program.Key, programName)) : null;
        if (!DateTypes.Contains(schema.Columns[timeColumn]))
        {
            throw new MySqlSchemaException(
                $"MySQL table {name}: column '{timeColumn}' ({time.Key}) is {schema.Columns[timeColumn]}; LAD orders rows by it and needs DATETIME or TIMESTAMP");
        }

        if (schema.PrimaryKey.Count == 0)
        {
            throw new MySqlSchemaException(
                $"MySQL table {name} has no PRIMARY KEY; LAD names each row by it (reading position, anomaly ids): add one, e.g. "
                + $"ALTER TABLE {MySqlNames.Quote(table)} ADD COLUMN id BIGINT AUTO_INCREMENT PRIMARY KEY");
        }

        return new MySqlInputTable(name, table, schema.PrimaryKey, messageColumn, hostColumn, timeColumn, levelColumn, programColumn);
    }
}
