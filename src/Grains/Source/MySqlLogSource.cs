using System.Collections.Concurrent;
using System.Data.Common;
using Lad.Grains.MySql;
using MongoDB.Bson;
using MySqlConnector;

namespace Lad.Grains.Source;

/// <summary>Reads one host's log rows from a table of <c>MYSQL_INPUT_DB</c> (the fork's <c>STORAGE_DATASOURCE: mysql</c>):
/// its training history up to a boundary and, afterwards, the rows a <see cref="TimedWindow"/> has not handled yet.</summary>
/// <remarks>Rows have no ObjectIds: each is placed by its time column (<c>DATETIME_INDEX</c>) and named by its primary
/// key, so the reading position and the look-back for late rows are those of MongoDB documents read by time. A row is
/// turned into a document of its key (as <c>_id</c>) and its named columns, and read by the same rules as a document
/// (message missing or not text, too long, host not text are skipped and counted). Rows whose time is NULL have no
/// place in that order and are counted as skipped. The table's shape is checked on first use and a missing column is
/// one error naming it, its key and the table. LAD creates no index on the log tables; one on
/// <c>(&lt;host&gt;, &lt;time&gt;)</c> serves every read.</remarks>
public sealed class MySqlLogSource : ILogSource
{
    private readonly MySqlConnections _connections;
    private readonly MongoDocumentShape _shape;
    private readonly Func<string, string> _keyOf;
    private readonly LogDocumentReader _reader;
    private readonly ConcurrentDictionary<string, MySqlInputTable> _tables = new(StringComparer.Ordinal);

    /// <summary>Creates a source over the database of <paramref name="connections"/>.</summary>
    /// <param name="connections">The server and database holding the log tables (<c>MYSQL_INPUT_*</c>).</param>
    /// <param name="shape">The columns of message, host, time and level (<c>MESSAGE_INDEX</c>, ... or <c>MG_*_FIELD</c>).</param>
    /// <param name="keyOf">The key the configuration named a setting by, for error messages.</param>
    public MySqlLogSource(MySqlConnections connections, MongoDocumentShape shape, Func<string, string> keyOf)
    {
        _connections = connections;
        _shape = shape;
        _keyOf = keyOf;
        _reader = new LogDocumentReader(shape);
    }

    /// <inheritdoc />
    public async Task<TrainingRead> ReadTrainingSetAsync(
        string collection, string hostname, TimeSpan span, int maxEntries, DateTime now, ObjectId boundary, ObjectId windowFloor,
        Action<SourcedRecord> record, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var table = await TableAsync(connection, collection, cancellationToken);
        var time = MySqlNames.Quote(table.Time);
        await using var command = Select(connection, table,
            $"WHERE {MySqlNames.Quote(table.Host)} = @host AND {time} >= @cutoff AND {time} < @boundary ORDER BY {time} DESC, {KeyOrder(table, "DESC")} LIMIT @limit");
        command.Parameters.AddWithValue("@host", hostname);
        command.Parameters.AddWithValue("@cutoff", Utc(now) - span);
        command.Parameters.AddWithValue("@boundary", boundary.CreationTime);
        command.Parameters.AddWithValue("@limit", maxEntries);

        var skipped = new Dictionary<SkipReason, int>();
        var timedAbove = new List<KeyValuePair<string, DateTime>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var document = Document(reader, table);
            var reason = _reader.TryRead(document, out var id, out var at, out var usable);
            if (reason is null)
            {
                record(new SourcedRecord(id, at, usable!));
            }
            else
            {
                skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
            }

            if (at > windowFloor.CreationTime)
            {
                timedAbove.Add(new(SourceIds.Text(document["_id"]), at));
            }
        }

        return new TrainingRead([], timedAbove, skipped);
    }

    /// <summary>Rows have no ObjectIds: nothing is placed by id, so this batch is always empty.</summary>
    /// <inheritdoc />
    public Task<PollBatch> PollAsync(string collection, string hostname, ReadingWindow window, int batchSize, CancellationToken cancellationToken) =>
        Task.FromResult(new PollBatch([], [], new Dictionary<SkipReason, int>()));

    /// <inheritdoc />
    public async Task<TimedBatch> PollTimedAsync(
        string collection, string hostname, TimedWindow window, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var table = await TableAsync(connection, collection, cancellationToken);
        var time = MySqlNames.Quote(table.Time);
        // The rows handled after the floor are all in the window's record, so this many rows always hold a batch of new ones.
        await using var command = Select(connection, table,
            $"WHERE {MySqlNames.Quote(table.Host)} = @host AND {time} > @floor ORDER BY {time}, {KeyOrder(table, "ASC")} LIMIT @limit");
        command.Parameters.AddWithValue("@host", hostname);
        command.Parameters.AddWithValue("@floor", window.Floor);
        command.Parameters.AddWithValue("@limit", window.Scored.Count + batchSize);

        var records = new List<PolledRecord>();
        var read = new List<KeyValuePair<string, DateTime>>();
        var skipped = new Dictionary<SkipReason, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (read.Count < batchSize && await reader.ReadAsync(cancellationToken))
        {
            var document = Document(reader, table);
            var reason = _reader.TryRead(document, out var id, out var at, out var record);
            var key = SourceIds.Text(document["_id"]);
            if (window.Handled(key, at))
            {
                continue;
            }

            read.Add(new(key, at));
            if (reason is null)
            {
                records.Add(new PolledRecord(id, record!, document, at));
            }
            else
            {
                skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
            }
        }

        return new TimedBatch(records, read, skipped);
    }

    /// <summary>Counts the host's rows whose time is NULL: nothing places them in the reading order.</summary>
    /// <inheritdoc />
    public async Task<(long Count, BsonValue? Example)> CountUnorderableAsync(string collection, string hostname, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var table = await TableAsync(connection, collection, cancellationToken);
        var where = $"FROM {MySqlNames.Quote(table.Table)} WHERE {MySqlNames.Quote(table.Host)} = @host AND {MySqlNames.Quote(table.Time)} IS NULL";
        await using var count = new MySqlCommand($"SELECT COUNT(*) {where}", connection);
        count.Parameters.AddWithValue("@host", hostname);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (total == 0)
        {
            return (0, null);
        }

        await using var example = new MySqlCommand($"SELECT {string.Join(", ", table.Key.Select(MySqlNames.Quote))} {where} LIMIT 1", connection);
        example.Parameters.AddWithValue("@host", hostname);
        await using var reader = await example.ExecuteReaderAsync(cancellationToken);
        return (total, await reader.ReadAsync(cancellationToken) ? MySqlValues.Key([.. Enumerable.Range(0, table.Key.Count).Select(reader.GetValue)]) : null);
    }

    // Checked once per table: a table that fails the check is checked again on the next read (someone may fix it).
    private async Task<MySqlInputTable> TableAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        if (_tables.TryGetValue(table, out var known))
        {
            return known;
        }

        var schema = await MySqlTableSchema.ReadAsync(connection, table, cancellationToken);
        var checkedTable = MySqlInputTable.From(
            table,
            connection.Database,
            schema,
            (_keyOf("MG_MESSAGE_FIELD"), _shape.MessageField),
            (_keyOf("MG_HOSTNAME_FIELD"), _shape.HostnameField),
            (_keyOf("MG_TIME_FIELD"), _shape.TimeField ?? throw new InvalidOperationException("a MySQL source needs a time column (DATETIME_INDEX)")),
            (_keyOf("MG_LEVEL_FIELD"), _shape.LevelField),
            (_keyOf("MG_PROGRAM_FIELD"), _shape.ProgramField));
        return _tables.GetOrAdd(table, checkedTable);
    }

    private static MySqlCommand Select(MySqlConnection connection, MySqlInputTable table, string rest) =>
        new($"SELECT {string.Join(", ", table.Selected.Select(MySqlNames.Quote))} FROM {MySqlNames.Quote(table.Table)} {rest}", connection);

    private static string KeyOrder(MySqlInputTable table, string direction) =>
        string.Join(", ", table.Key.Select(k => $"{MySqlNames.Quote(k)} {direction}"));

    // The row as the document the shared reader reads: its key as _id, the named columns under the configured names.
    private BsonDocument Document(DbDataReader reader, MySqlInputTable table)
    {
        var document = new BsonDocument("_id", MySqlValues.Key([.. table.Key.Select(k => reader.GetValue(reader.GetOrdinal(k)))]));
        // The level and program columns are there only when configured.
        (string? Column, string? Name)[] fields =
        [
            (table.Message, _shape.MessageField), (table.Host, _shape.HostnameField), (table.Time, _shape.TimeField),
            (table.Level, _shape.LevelField), (table.Program, _shape.ProgramField),
        ];
        foreach (var (column, name) in fields)
        {
            if (column is not null)
            {
                document[name!] = MySqlValues.ToBson(reader.GetValue(reader.GetOrdinal(column)));
            }
        }

        return document;
    }

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc);
}
