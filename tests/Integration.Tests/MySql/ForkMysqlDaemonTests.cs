using System.Globalization;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using MySqlConnector;

namespace Lad.Integration.Tests.MySql;

/// <summary>The fork's mysql.yaml runs end to end on a real silo against a real MariaDB: rows of its <c>logs</c> table are
/// trained on and scored, anomalies become rows of <c>anomaly_logs</c>, and nothing is scored or written twice across a
/// restart, including rows inserted while the silo was down.</summary>
[Collection(MariaDbCollection.Name)]
public class ForkMysqlDaemonTests(MariaDbServerFixture mariaDb, MongoServerFixture mongo)
{
    private const string Host = "data.solidex.by";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);


    [Fact]
    public async Task RowsAreScoredOnceAndAnomaliesWrittenOnceAcrossARestart()
    {
        var input = await mariaDb.NewDatabaseAsync("fork_logs");
        var target = await mariaDb.NewDatabaseAsync("fork_store");
        await mariaDb.ExecuteAsync(input, MySqlLogSourceTests.CreateLogs);
        var history = DateTime.UtcNow.AddMinutes(-55);
        for (var i = 0; i < 200; i++)
        {
            await InsertAsync(input, Host, LogStore.Normal("cumulus", i), history.AddSeconds(i * 15));
        }

        // Another host of the same table, which the file does not list: never read.
        await InsertAsync(input, "172.17.18.178", LogStore.Foreign(99), DateTime.UtcNow.AddMinutes(-2));

        var state = MongoServerFixture.NewDatabaseName("fork_mysql_state");
        var yaml = Pointed(input, target, state);
        var first = await DaemonCluster.StartAsync(yaml);
        var trained = Assert.Single(await first.WaitAllDetectingAsync(Wait));
        Assert.Equal(200L, trained.LinesTrainedOn);

        var foreign = new List<long>();
        foreach (var i in Enumerable.Range(0, 30))
        {
            var id = await InsertAsync(input, Host, i % 15 == 7 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i), DateTime.UtcNow);
            if (i % 15 == 7)
            {
                foreign.Add(id);
            }
        }

        await Eventually.WaitAsync(
            async () => (Rows: (await LineAnomaliesAsync(target)).Count, Status: await first.Host("logs", Host).GetStatusAsync()),
            s => s.Rows >= 2 && s.Status.LinesScored >= 30,
            Wait,
            s => $"{s.Rows} anomaly rows, {s.Status.LinesScored} lines scored, {s.Status.Anomalies} anomalies, threshold {s.Status.Threshold}, dead letters {string.Join(",", s.Status.DeadLetters)}, {s.Status.Phase} {s.Status.Reason}");
        await first.DisposeAsync();

        // Written while no silo runs: the next one scores them from the stored position.
        foreach (var i in Enumerable.Range(30, 20))
        {
            var id = await InsertAsync(input, Host, i == 40 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i), DateTime.UtcNow);
            if (i == 40)
            {
                foreign.Add(id);
            }
        }

        await using var second = await DaemonCluster.StartAsync(yaml);
        await Eventually.WaitAsync(
            () => second.Host("logs", Host).GetStatusAsync(), s => s.LinesScored >= 50, Wait, s => $"{s.LinesScored} lines scored, {s.Phase} {s.Reason}");
        // One more line after the backlog (the next of the host's routine): once it is scored, every poll of the backlog is behind us.
        await InsertAsync(input, Host, LogStore.Normal("cumulus", 50), DateTime.UtcNow);
        var status = await Eventually.WaitAsync(
            () => second.Host("logs", Host).GetStatusAsync(), s => s.LinesScored >= 51, Wait, s => $"{s.LinesScored} lines scored");

        Assert.Equal((1, 1), (status.ModelVersion, status.Trainings)); // the stored model, not a new training
        Assert.Equal(51L, status.LinesScored); // each of the 51 rows once, across the restart
        var rows = await LineAnomaliesAsync(target);
        Assert.Equal(foreign.Select(id => $"logs:{id}"), rows.Select(r => (string)r["lad_id"]!));
        Assert.Equal(foreign.Count, status.Anomalies);
        Assert.All(rows, r => Assert.Equal(Host, r["hostname"]));
        Assert.All(rows, r => Assert.StartsWith("kernel panic", (string)r["message"]!, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True((double)r["anomaly_score"]! > (double)r["lad_threshold"]!));
        // Incidents (in LAD's MongoDB) group MySQL anomaly rows as they group documents.
        var incidents = await Eventually.WaitAsync(
            () => mongo.Client.GetDatabase(state).GetCollection<BsonDocument>("lad_incidents").Find(FilterDefinition<BsonDocument>.Empty)
                .ToListAsync(TestContext.Current.CancellationToken),
            list => list.Sum(i => i["count"].ToInt64()) == foreign.Count, Wait, list => $"{list.Count} incidents");
        Assert.All(incidents, i => Assert.Equal(("logs", Host), (i["source"].AsString, i["hosts"][0].AsString)));
    }

    [Fact]
    public async Task ATableWithoutTheTimeColumnStopsItsHostWithOneErrorNamingTheColumnKeyAndTable()
    {
        var input = await mariaDb.NewDatabaseAsync("fork_bad");
        var target = await mariaDb.NewDatabaseAsync("fork_bad_store");
        await mariaDb.ExecuteAsync(input, MySqlLogSourceTests.CreateLogs.Replace("`received_at`", "`created`", StringComparison.Ordinal));
        await mariaDb.ExecuteAsync(input, "INSERT INTO logs (message, created, hostname) VALUES ('a line', UTC_TIMESTAMP(), @h)", ("@h", Host));

        await using var cluster = await DaemonCluster.StartAsync(Pointed(input, target, MongoServerFixture.NewDatabaseName("fork_bad_state")));
        var status = await Eventually.WaitAsync(
            () => cluster.Host("logs", Host).GetStatusAsync(), s => s.Reason is not null, Wait, s => $"{s.Phase} {s.Reason}");

        Assert.Equal(Grains.Abstractions.Detection.DetectorPhase.Failed, status.Phase);
        Assert.StartsWith(
            $"training failed (MySQL table {input}.logs has no column 'received_at' (DATETIME_INDEX); its columns are created, hostname, logid, message); retry in",
            status.Reason, StringComparison.Ordinal);
    }

    // The fork's file with its servers and credentials pointed at the test servers, and the MongoDB LAD keeps its state in.
    private string Pointed(string input, string target, string state) => ForkFiles.MysqlYaml
        .Replace("172.17.18.93", "127.0.0.1", StringComparison.Ordinal)
        .Replace("dbadmin", mariaDb.User, StringComparison.Ordinal)
        .Replace("password123", mariaDb.Password, StringComparison.Ordinal)
        .Replace("original_logs", input, StringComparison.Ordinal)
        .Replace("logstoredb", target, StringComparison.Ordinal)
        + $"""
        MYSQL_INPUT_PORT: {mariaDb.Port.ToString(CultureInfo.InvariantCulture)}
        MYSQL_TARGET_PORT: {mariaDb.Port.ToString(CultureInfo.InvariantCulture)}
        MG_URI: "{mongo.ConnectionString}"
        MG_TARGET_DB: "{state}"
        POLL_INTERVAL: 1

        """;

    // The sink makes the table at its first write: until then there are no anomaly rows.
    private async Task<List<Dictionary<string, object?>>> LineAnomaliesAsync(string target)
    {
        try
        {
            return await mariaDb.QueryAsync(target, "SELECT * FROM anomaly_logs WHERE lad_kind = 'line' ORDER BY lad_source_id + 0");
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            return [];
        }
    }

    private Task<long> InsertAsync(string database, string host, string message, DateTime receivedAt) =>
        mariaDb.ExecuteAsync(database, "INSERT INTO logs (message, received_at, hostname) VALUES (@m, @t, @h)", ("@m", message), ("@t", receivedAt), ("@h", host));
}
