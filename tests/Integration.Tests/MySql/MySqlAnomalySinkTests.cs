using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.DeadLetters;
using Lad.Grains.MySql;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.MySql;

[Collection(MariaDbCollection.Name)]
public class MySqlAnomalySinkTests(MariaDbServerFixture server, MongoServerFixture mongo)
{
    private static readonly MongoDocumentShape Shape = new("message", "hostname", null, "received_at", 65536);
    private static readonly DateTime At = new(2026, 3, 1, 12, 30, 15, DateTimeKind.Utc);

    [Fact]
    public async Task TheTableIsMadeAndEachAnomalyIsOneRowHoweverOftenABatchIsReplayed()
    {
        var (sink, database, _) = await NewSinkAsync();
        var anomalies = new[] { Anomaly(7, "disk failure on sda"), Anomaly(9, "kernel panic") };

        var first = await sink.WriteAsync("logs", "anomaly_logs", anomalies, TestContext.Current.CancellationToken);
        var replay = await sink.WriteAsync("logs", "anomaly_logs", anomalies, TestContext.Current.CancellationToken);

        Assert.Equal((2, 0), (first.Inserted, first.AlreadyPresent));
        Assert.Equal((0, 2), (replay.Inserted, replay.AlreadyPresent));
        var rows = await server.QueryAsync(database, "SELECT * FROM anomaly_logs ORDER BY lad_id");
        Assert.Equal(["logs:7", "logs:9"], rows.Select(r => r["lad_id"]));
        var row = rows[0];
        Assert.Equal(("disk failure on sda", "web1", At.AddSeconds(7)), (row["message"], row["hostname"], (DateTime)row["received_at"]!));
        Assert.Equal((0.9, 0.4, "line", "logs", "7"), (row["anomaly_score"], row["lad_threshold"], row["lad_kind"], row["lad_source_table"], row["lad_source_id"]));
        Assert.Equal("[\"template never seen in training\"]", row["lad_reasons"]);
        var details = BsonDocument.Parse((string)row["lad_details"]!);
        Assert.Equal(("disk failure on <*>", "3"), (details["template"].AsString, details["model_version"].AsString));
    }

    [Fact]
    public async Task AnExistingTableWithoutLadsColumnsIsRefusedNamingThemAndTheStatementThatAddsThem()
    {
        var (sink, database, _) = await NewSinkAsync();
        // The fork's anomaly table: message, time, host and score.
        await server.ExecuteAsync(database,
            "CREATE TABLE anomaly_logs (id BIGINT AUTO_INCREMENT PRIMARY KEY, message TEXT, received_at DATETIME, hostname VARCHAR(255), anomaly_score DOUBLE)");

        var error = await Assert.ThrowsAsync<MySqlSchemaException>(() =>
            sink.WriteAsync("logs", "anomaly_logs", [Anomaly(1, "disk failure")], TestContext.Current.CancellationToken));

        Assert.StartsWith(
            $"MySQL anomaly table {database}.anomaly_logs has no columns 'lad_id', 'lad_threshold', 'lad_kind', 'lad_template', 'lad_reasons', "
            + "'lad_model_version', 'lad_source_table', 'lad_source_id', 'lad_session', 'lad_detected_at', 'lad_details' (MYSQL_TARGET_TABLE); "
            + "LAD creates the table when it is missing, and one that exists needs them: ALTER TABLE `anomaly_logs` ADD COLUMN `lad_id` VARCHAR(500) NOT NULL",
            error.Message, StringComparison.Ordinal);

        // The statement the message gives makes the table usable, and the fork's own columns are filled.
        await server.ExecuteAsync(database, error.Message[error.Message.IndexOf("ALTER TABLE", StringComparison.Ordinal)..]);
        var written = await sink.WriteAsync("logs", "anomaly_logs", [Anomaly(1, "disk failure")], TestContext.Current.CancellationToken);
        Assert.Equal(1, written.Inserted);
        var row = Assert.Single(await server.QueryAsync(database, "SELECT message, hostname, anomaly_score, lad_id FROM anomaly_logs"));
        Assert.Equal(("disk failure", "web1", 0.9, "logs:1"), (row["message"], row["hostname"], row["anomaly_score"], row["lad_id"]));
    }

    [Fact]
    public async Task ARowTheServerRefusesIsSetAsideAndTheOthersAreWritten()
    {
        var (sink, database, deadLetters) = await NewSinkAsync();
        var refused = Anomaly(2, "from a host with a long name", host: new string('h', 300));

        var written = await sink.WriteAsync("logs", "anomaly_logs", [Anomaly(1, "one"), refused, Anomaly(3, "three")], TestContext.Current.CancellationToken);

        Assert.Equal(2, written.Inserted);
        var letter = Assert.Single(written.DeadLettered);
        Assert.Equal((DeadLetterReason.WriteRejected, new BsonInt64(2)), (letter.Reason, letter.SourceId));
        Assert.Contains("hostname", letter.Detail, StringComparison.Ordinal);
        Assert.Equal(["logs:1", "logs:3"], (await server.QueryAsync(database, "SELECT lad_id FROM anomaly_logs ORDER BY lad_id")).Select(r => r["lad_id"]));
        Assert.Equal(1, await deadLetters.GetCollection<BsonDocument>(MongoDeadLetterStore.CollectionName)
            .CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: TestContext.Current.CancellationToken));
    }

    private async Task<(MySqlAnomalySink Sink, string Database, IMongoDatabase DeadLetters)> NewSinkAsync()
    {
        var database = await server.NewDatabaseAsync("mysql_sink");
        var state = mongo.Client.GetDatabase(MongoServerFixture.NewDatabaseName("mysql_sink"));
        return (new MySqlAnomalySink(server.Connections(database), Shape, new MongoDeadLetterStore(state)), database, state);
    }

    private static DetectedAnomaly Anomaly(long id, string message, string host = "web1")
    {
        var document = new BsonDocument { ["_id"] = id, ["message"] = message, ["hostname"] = host, ["received_at"] = At.AddSeconds(id) };
        var source = new PolledRecord(new BsonInt64(id), new LogRecord(message, null, host), document, At.AddSeconds(id));
        var verdict = new AnomalyVerdict(0.9, 0.4, new Explanation(["template never seen in training"], "disk failure on <*>", 0, 0, null));
        return new DetectedAnomaly(source, verdict, "3", At.AddMinutes(5));
    }
}
