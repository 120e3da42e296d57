using MySqlConnector;

namespace Lad.Grains.MySql;

/// <summary>What <c>information_schema</c> says about one table: its columns with their types, its primary key and the
/// columns that alone make a unique key.</summary>
/// <param name="Database">The database.</param>
/// <param name="Table">The table.</param>
/// <param name="Columns">Column name to data type (<c>datetime</c>, <c>varchar</c>, ...), names compared as MySQL does
/// (without case).</param>
/// <param name="PrimaryKey">The primary key's columns in key order; empty when it has none.</param>
/// <param name="UniqueColumns">Columns that are a unique key on their own.</param>
internal sealed record MySqlTableSchema(
    string Database, string Table, IReadOnlyDictionary<string, string> Columns, IReadOnlyList<string> PrimaryKey, IReadOnlySet<string> UniqueColumns)
{
    /// <summary>The table as <c>database.table</c>, for messages.</summary>
    public string Name => $"{Database}.{Table}";

    /// <summary>Reads the schema of <paramref name="table"/> in the connection's database; null when there is no such table.</summary>
    public static async Task<MySqlTableSchema?> ReadAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var database = connection.Database;
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = new MySqlCommand(
            "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table", connection))
        {
            command.Parameters.AddWithValue("@db", database);
            command.Parameters.AddWithValue("@table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns[reader.GetString(0)] = reader.GetString(1).ToLowerInvariant();
            }
        }

        if (columns.Count == 0)
        {
            return null;
        }

        var indexes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unique = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new MySqlCommand(
            "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table ORDER BY INDEX_NAME, SEQ_IN_INDEX",
            connection))
        {
            command.Parameters.AddWithValue("@db", database);
            command.Parameters.AddWithValue("@table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var index = reader.GetString(0);
                if (!indexes.TryGetValue(index, out var list))
                {
                    indexes[index] = list = [];
                }

                list.Add(reader.GetString(1));
                if (Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    unique.Add(index);
                }
            }
        }

        var uniqueColumns = indexes.Where(i => unique.Contains(i.Key) && i.Value.Count == 1)
            .Select(i => i.Value[0])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new MySqlTableSchema(database, table, columns, indexes.GetValueOrDefault("PRIMARY") ?? [], uniqueColumns);
    }

    /// <summary>The column's name as the table spells it, or null when the table has no such column.</summary>
    public string? Find(string column) => Columns.Keys.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
}
