using System.Collections.Concurrent;
using System.Text;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.DeadLetters;
using Lad.Grains.MySql;
using Lad.Grains.Source;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MySqlConnector;

namespace Lad.Grains.Sink;

/// <summary>Writes anomalies as rows of a table of <c>MYSQL_TARGET_DB</c> (the fork's <c>STORAGE_DATASINK: mysql</c>),
/// idempotently, setting aside the ones that cannot be written.</summary>
/// <remarks>A source's table (<see cref="MySqlTargetTables"/>: its <c>MYSQL_TARGET_TABLE</c> entry, else the global one,
/// else <c>&lt;input&gt;_anomalies</c>) is created when missing (<see cref="MySqlAnomalyTable"/>); one that exists is
/// checked once for LAD's columns. Each row's key is the anomaly's deterministic id and rows are written with
/// <c>INSERT ... ON DUPLICATE KEY UPDATE</c> that changes nothing, so a replayed batch keeps the rows it wrote and
/// counts them as present. A row the server refuses on its own account (a value too long or not valid for its column)
/// goes to LAD's dead letters (MongoDB, <c>lad_dead_letters</c>) and the rest are written; any other failure throws,
/// so the caller retries the batch from its checkpoint.</remarks>
public sealed class MySqlAnomalySink : IAnomalySink
{
    // Rows per INSERT: 15 parameters each stays far below the protocol's 65,535.
    private const int RowsPerStatement = 200;

    // Errors about one row's values: too long, wrong value for the column, out of range, NULL in NOT NULL, packet too large.
    private static readonly HashSet<int> RowErrors = [1048, 1153, 1264, 1292, 1366, 1406];

    private static readonly JsonWriterSettings Json = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    private readonly MySqlConnections _connections;
    private readonly MongoDeadLetterStore _deadLetters;
    private readonly TimeProvider _time;
    private readonly MySqlAnomalyTable _shape;
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.Ordinal);

    /// <summary>Creates a sink over the database of <paramref name="connections"/>.</summary>
    /// <param name="connections">The server and database receiving anomaly rows (<c>MYSQL_TARGET_*</c>).</param>
    /// <param name="shape">The message, host and time names the rows' columns take.</param>
    /// <param name="deadLetters">Where anomalies that cannot be written are set aside.</param>
    /// <param name="time">Dates the dead letters; the system clock when null.</param>
    public MySqlAnomalySink(
        MySqlConnections connections, MongoDocumentShape shape, MongoDeadLetterStore deadLetters, TimeProvider? time = null)
    {
        _connections = connections;
        _deadLetters = deadLetters;
        _time = time ?? TimeProvider.System;
        _shape = new MySqlAnomalyTable(shape);
    }

    /// <inheritdoc />
    /// <exception cref="MySqlException">A failure not caused by one row (connection, timeout, lock): the batch must be retried.</exception>
    /// <exception cref="MySqlSchemaException">The table exists without the columns LAD writes.</exception>
    public async Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string target, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken)
    {
        if (anomalies.Count == 0)
        {
            return SinkWriteResult.Empty;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        await EnsureTableAsync(connection, target, cancellationToken);
        var poison = new List<DeadLetter>();
        var rows = new List<(DetectedAnomaly Anomaly, object?[] Values)>();
        foreach (var anomaly in anomalies)
        {
            var id = AnomalyDocument.IdOf(sourceCollection, anomaly);
            if (id.Length > MySqlAnomalyTable.MaxIdLength)
            {
                poison.Add(Letter(sourceCollection, anomaly, DeadLetterReason.TooLarge,
                    $"anomaly id is {id.Length} characters, over the {MySqlAnomalyTable.MaxIdLength} of column {MySqlAnomalyTable.IdColumn}"));
            }
            else
            {
                rows.Add((anomaly, Values(sourceCollection, id, anomaly)));
            }
        }

        var inserted = 0;
        var refusedBefore = poison.Count;
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            inserted += await InsertChunkAsync(connection, target, sourceCollection, chunk, poison, cancellationToken);
        }

        await _deadLetters.WriteAsync(poison, _time.GetUtcNow().UtcDateTime, cancellationToken);
        return new SinkWriteResult(inserted, rows.Count - inserted - (poison.Count - refusedBefore), poison);
    }

    private async Task<int> InsertChunkAsync(
        MySqlConnection connection, string target, string sourceCollection, (DetectedAnomaly Anomaly, object?[] Values)[] chunk,
        List<DeadLetter> poison, CancellationToken cancellationToken)
    {
        try
        {
            return await InsertAsync(connection, target, chunk.Select(r => r.Values).ToList(), cancellationToken);
        }
        catch (MySqlException e) when (RowErrors.Contains(e.Number))
        {
            // One statement is all or nothing: write the rows one by one to tell which are refused.
            var inserted = 0;
            foreach (var (anomaly, values) in chunk)
            {
                try
                {
                    inserted += await InsertAsync(connection, target, [values], cancellationToken);
                }
                catch (MySqlException one) when (RowErrors.Contains(one.Number))
                {
                    poison.Add(Letter(sourceCollection, anomaly, one.Number == 1153 ? DeadLetterReason.TooLarge : DeadLetterReason.WriteRejected, one.Message));
                }
            }

            return inserted;
        }
    }

    // With affected rows counting real changes, a row already present (a replay) adds 0.
    private async Task<int> InsertAsync(MySqlConnection connection, string target, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var columns = _shape.Columns;
        var sql = new StringBuilder($"INSERT INTO {MySqlNames.Quote(target)} (")
            .AppendJoin(", ", columns.Select(c => MySqlNames.Quote(c.Name)))
            .Append(") VALUES ");
        await using var command = new MySqlCommand { Connection = connection };
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = $"@p{r}_{c}";
                sql.Append(c == 0 ? name : ", " + name);
                command.Parameters.AddWithValue(name, rows[r][c]);
            }

            sql.Append(')');
        }

        var id = MySqlNames.Quote(MySqlAnomalyTable.IdColumn);
        command.CommandText = sql.Append($" ON DUPLICATE KEY UPDATE {id} = {id}").ToString();
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Made or checked once per table; a table that fails the check is checked again on the next write.
    private async Task EnsureTableAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        if (_ready.ContainsKey(table))
        {
            return;
        }

        var schema = await MySqlTableSchema.ReadAsync(connection, table, cancellationToken);
        if (schema is null)
        {
            await using var create = new MySqlCommand(_shape.CreateStatement(table), connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            _shape.Check(schema);
        }

        _ready[table] = true;
    }

    private object?[] Values(string sourceCollection, string id, DetectedAnomaly anomaly)
    {
        var document = AnomalyDocument.Build(sourceCollection, anomaly);
        var lad = document[AnomalyDocument.LadField].AsBsonDocument;
        var explanation = anomaly.Verdict.Explanation;
        return
        [
            id,
            anomaly.Source.Record.Message,
            anomaly.Source.Time is { } time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : null,
            anomaly.Source.Record.Host,
            anomaly.Verdict.Score,
            anomaly.Verdict.Threshold,
            lad["kind"].AsString,
            explanation.Template,
            new BsonArray(explanation.Reasons).ToJson(Json),
            anomaly.ModelVersion,
            sourceCollection,
            anomaly.Source.Id.IsBsonNull ? null : SourceIds.Text(anomaly.Source.Id),
            anomaly.Source.Record.Session,
            DateTime.SpecifyKind(anomaly.DetectedAt.ToUniversalTime(), DateTimeKind.Utc),
            lad.ToJson(Json),
        ];
    }

    private static DeadLetter Letter(string sourceCollection, DetectedAnomaly anomaly, DeadLetterReason reason, string detail) =>
        new(sourceCollection, anomaly.Source.Record.Host, anomaly.Source.Id, reason, detail, anomaly.Source.Document);
}
