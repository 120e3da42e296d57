using Lad.Grains.MySql;
using Lad.Grains.Source;

namespace Lad.Grains.Sink;

/// <summary>The shape of an anomaly table: the fork's columns (message, time and host under the configured names, and
/// <c>anomaly_score</c>) and LAD's own, prefixed <c>lad_</c> so they never meet a user's.</summary>
/// <remarks><c>lad_id</c> is the anomaly's deterministic id and the primary key, which makes every write idempotent.
/// <c>lad_details</c> holds the whole verdict as JSON, as the MongoDB sink's <c>lad</c> sub-document does.</remarks>
internal sealed class MySqlAnomalyTable
{
    /// <summary>The longest anomaly id the key column holds (characters).</summary>
    public const int MaxIdLength = 500;

    /// <summary>The anomaly id column.</summary>
    public const string IdColumn = "lad_id";

    /// <summary>The columns LAD writes, in order, each with its type for <c>CREATE TABLE</c>.</summary>
    public IReadOnlyList<(string Name, string Type)> Columns { get; }

    /// <summary>The anomaly table for the configured message, host and time names.</summary>
    public MySqlAnomalyTable(MongoDocumentShape shape)
    {
        Columns =
        [
            (IdColumn, $"VARCHAR({MaxIdLength}) NOT NULL"),
            (shape.MessageField, "MEDIUMTEXT NULL"),
            (shape.TimeField ?? "time", "DATETIME(6) NULL"),
            (shape.HostnameField, "VARCHAR(255) NULL"),
            ("anomaly_score", "DOUBLE NOT NULL"),
            ("lad_threshold", "DOUBLE NOT NULL"),
            ("lad_kind", "VARCHAR(32) NOT NULL"),
            ("lad_template", "TEXT NULL"),
            ("lad_reasons", "TEXT NULL"),
            ("lad_model_version", "VARCHAR(32) NOT NULL"),
            ("lad_source_table", "VARCHAR(255) NOT NULL"),
            ("lad_source_id", $"VARCHAR({MaxIdLength}) NULL"),
            ("lad_session", "VARCHAR(255) NULL"),
            ("lad_detected_at", "DATETIME(6) NOT NULL"),
            ("lad_details", "MEDIUMTEXT NOT NULL"),
        ];
        HostColumn = shape.HostnameField;
    }

    private string HostColumn { get; }

    /// <summary>The statement that makes the table when it is missing.</summary>
    public string CreateStatement(string table) =>
        $"CREATE TABLE IF NOT EXISTS {MySqlNames.Quote(table)} ("
        + string.Join(", ", Columns.Select(c => $"{MySqlNames.Quote(c.Name)} {c.Type}"))
        + $", PRIMARY KEY ({MySqlNames.Quote(IdColumn)}), KEY `lad_detected_at` (`lad_detected_at`), "
        + $"KEY `lad_host_detected_at` ({MySqlNames.Quote(HostColumn)}, `lad_detected_at`)) CHARACTER SET utf8mb4";

    /// <summary>Checks a table that existed before LAD wrote to it.</summary>
    /// <exception cref="MySqlSchemaException">A column LAD writes is missing (named, with the statement that adds it), or
    /// <c>lad_id</c> is not a unique key.</exception>
    public void Check(MySqlTableSchema schema)
    {
        var missing = Columns.Where(c => schema.Find(c.Name) is null).ToList();
        if (missing.Count > 0)
        {
            var alter = $"ALTER TABLE {MySqlNames.Quote(schema.Table)} "
                        + string.Join(", ", missing.Select(c => $"ADD COLUMN {MySqlNames.Quote(c.Name)} {c.Type}"))
                        + (schema.Find(IdColumn) is null ? $", ADD UNIQUE KEY ({MySqlNames.Quote(IdColumn)})" : "");
            throw new MySqlSchemaException(
                $"MySQL anomaly table {schema.Name} has no column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(c => $"'{c.Name}'"))} "
                + $"(MYSQL_TARGET_TABLE); LAD creates the table when it is missing, and one that exists needs them: {alter}");
        }

        if (!schema.UniqueColumns.Contains(IdColumn))
        {
            throw new MySqlSchemaException(
                $"MySQL anomaly table {schema.Name}: column '{IdColumn}' is not a unique key, so a replayed batch would write its anomalies twice: "
                + $"ALTER TABLE {MySqlNames.Quote(schema.Table)} ADD UNIQUE KEY ({MySqlNames.Quote(IdColumn)})");
        }
    }
}
