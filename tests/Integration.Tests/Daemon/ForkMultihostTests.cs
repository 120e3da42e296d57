using System.Globalization;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Daemon;

/// <summary>The fork's multihost.yaml with its *_INDEX keys runs end to end on documents shaped as the fork's real data
/// (lower-case hostname, message and received_at).</summary>
public class ForkMultihostTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ForkFieldNamesAreReadTrainedOnAndScored()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("fork_in"), MongoServerFixture.NewDatabaseName("fork_out"));
        var input = server.Client.GetDatabase(inputDb);
        var target = server.Client.GetDatabase(targetDb);
        var history = DateTime.UtcNow.AddHours(-2);
        foreach (var (collection, host) in new[] { ("network_logs", "cumulus"), ("network_logs", "EXOS-VM"), ("web_logs", "dataform") })
        {
            // Written a minute back but dated over two hours by received_at, as a shipper's documents are.
            await InsertAsync(input, collection, Enumerable.Range(0, 200).Select(i =>
                Document(host, LogStore.Normal(host, i), history.AddSeconds(i * 30), ObjectId.GenerateNewId(DateTime.UtcNow.AddMinutes(-1)))));
        }

        await using var cluster = await DaemonCluster.StartAsync(ForkYaml(inputDb, targetDb));
        var trained = await cluster.WaitAllDetectingAsync(Wait);
        Assert.Equal(["EXOS-VM", "cumulus", "dataform"], trained.Select(s => s.Host.Hostname).Order(StringComparer.Ordinal));
        Assert.All(trained, s => Assert.Equal(200L, s.LinesTrainedOn));

        var now = DateTime.UtcNow;
        var foreign = Document("cumulus", LogStore.Foreign(3), now, ObjectId.GenerateNewId());
        var webForeign = Document("dataform", LogStore.Foreign(4), now, ObjectId.GenerateNewId());
        await InsertAsync(input, "network_logs", Enumerable.Range(0, 20).Select(i => Document("cumulus", LogStore.Normal("cumulus", i), now, ObjectId.GenerateNewId())).Append(foreign));
        await InsertAsync(input, "web_logs", [webForeign, Document("dataform", LogStore.Normal("dataform", 4), now, ObjectId.GenerateNewId())]);

        await Eventually.WaitAsync(
            async () => (Network: await AnomaliesAsync(target, "network_anomaly"), Web: await AnomaliesAsync(target, "web_anomaly")),
            a => a.Network.Count >= 1 && a.Web.Count >= 1,
            Wait,
            a => $"network {a.Network.Count}, web {a.Web.Count}");
        await Eventually.WaitAsync(
            async () => (await cluster.StatusesAsync()).Sum(s => s.LinesScored), n => n >= 23, Wait, n => $"{n} lines scored");
        var statuses = (await cluster.StatusesAsync()).ToDictionary(s => s.Host.Hostname);

        var network = Assert.Single(await AnomaliesAsync(target, "network_anomaly"));
        var web = Assert.Single(await AnomaliesAsync(target, "web_anomaly"));
        Assert.Equal(foreign["_id"].AsObjectId, network["lad"]["source_id"].AsObjectId);
        Assert.Equal(webForeign["_id"].AsObjectId, web["lad"]["source_id"].AsObjectId);
        Assert.Equal(("cumulus", LogStore.Foreign(3)), (network["lad"]["hostname"].AsString, network["lad"]["message"].AsString));
        Assert.Equal(LogStore.Foreign(3), network["message"].AsString);
        Assert.Equal((21L, 2L), (statuses["cumulus"].LinesScored, statuses["dataform"].LinesScored));
        Assert.Empty(statuses["cumulus"].SkippedDocuments);
    }

    [Fact]
    public async Task ForkSingleHostFileRunsAsOneSourceWithOneHost()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("form_in"), MongoServerFixture.NewDatabaseName("form_out"));
        var input = server.Client.GetDatabase(inputDb);
        var target = server.Client.GetDatabase(targetDb);
        const string host = "195-137-160-145.hoster.by";
        var history = DateTime.UtcNow.AddHours(-2);
        await InsertAsync(input, "network_logs", Enumerable.Range(0, 200).Select(i =>
            Document(host, LogStore.Normal("dataform", i), history.AddSeconds(i * 30), ObjectId.GenerateNewId(DateTime.UtcNow.AddMinutes(-1))))
            // Another host's lines in the same collection are not this file's.
            .Concat(Enumerable.Range(0, 20).Select(i => Document("other", LogStore.Normal("cumulus", i), history, ObjectId.GenerateNewId()))));

        await using var cluster = await DaemonCluster.StartAsync(DataformYaml(inputDb, targetDb, host));
        var trained = Assert.Single(await cluster.WaitAllDetectingAsync(Wait));
        Assert.Equal(("network_logs", host, 200L), (trained.Host.Collection, trained.Host.Hostname, trained.LinesTrainedOn));

        var foreign = Document(host, LogStore.Foreign(5), DateTime.UtcNow, ObjectId.GenerateNewId());
        await InsertAsync(input, "network_logs", [Document(host, LogStore.Normal("dataform", 7), DateTime.UtcNow, ObjectId.GenerateNewId()), foreign,
            Document("other", LogStore.Foreign(6), DateTime.UtcNow, ObjectId.GenerateNewId())]);

        await Eventually.WaitAsync(
            async () => (await cluster.StatusesAsync()).Sum(s => s.LinesScored), n => n >= 2, Wait, n => $"{n} lines scored");
        var anomaly = Assert.Single(await AnomaliesAsync(target, "network_anomaly"));
        Assert.Equal(foreign["_id"].AsObjectId, anomaly["lad"]["source_id"].AsObjectId);
        Assert.Equal(2L, Assert.Single(await cluster.StatusesAsync()).LinesScored);
    }

    // config_files/dataform.yaml of the fork's last version (one host of one collection, by scalar keys), pointed at the
    // test server and switched from its local file to MongoDB as its comments offer.
    private string DataformYaml(string inputDb, string targetDb, string host)
    {
        var url = new MongoUrl(server.ConnectionString);
        var credentials = url.Username is { } user ? $"MG_USER: \"{user}\"\nMG_PASSWORD: \"{url.Password}\"\n" : "";
        return $"""
            STORAGE_DATASOURCE: mg
            STORAGE_DATASINK: mg
            MG_HOST: {url.Server.Host}
            MG_PORT: {url.Server.Port.ToString(CultureInfo.InvariantCulture)}
            MG_INPUT_DB: {inputDb}
            MG_INPUT_COL: network_logs
            MG_TARGET_DB: {targetDb}
            MG_TARGET_COL: network_anomaly
            DATETIME_INDEX: received_at
            HOSTNAME_INDEX: hostname
            MESSAGE_INDEX: message
            TRAIN_TIME_SPAN: 86400
            INFER_LOOPS: 1
            MODEL_DIR: "./models/"
            LOGSOURCE_HOSTNAME: {host}
            POLL_INTERVAL: 1
            {credentials}
            """;
    }

    // config_files/multihost.yaml of the fork's last version with its *_INDEX keys, pointed at the test server.
    private string ForkYaml(string inputDb, string targetDb)
    {
        var url = new MongoUrl(server.ConnectionString);
        var credentials = url.Username is { } user ? $"MG_USER: \"{user}\"\nMG_PASSWORD: \"{url.Password}\"\n" : "";
        return $"""
            STORAGE_DATASOURCE: "mg"
            STORAGE_DATASINK: "mg"
            MG_HOST: "{url.Server.Host}"
            MG_PORT: {url.Server.Port.ToString(CultureInfo.InvariantCulture)}
            MG_INPUT_DB: "{inputDb}"
            MG_TARGET_DB: "{targetDb}"
            LOG_SOURCES:
              "network_logs":
                HOSTNAMES:
                  - "cumulus"
                  - "EXOS-VM"
                MG_TARGET_COL: "network_anomaly"
              "web_logs":
                HOSTNAMES:
                  - "dataform"
                MG_TARGET_COL: "web_anomaly"
            MESSAGE_INDEX: "message"
            DATETIME_INDEX: "received_at"
            HOSTNAME_INDEX: "hostname"
            TRAIN_MAX_ENTRIES: 100000
            TRAIN_TIME_SPAN: 2592000
            POLL_INTERVAL: 1
            {credentials}
            """;
    }

    private static BsonDocument Document(string host, string message, DateTime receivedAt, ObjectId id) =>
        new() { ["_id"] = id, ["message"] = message, ["hostname"] = host, ["host_ip"] = "172.17.18.151", ["received_at"] = receivedAt };

    private static async Task InsertAsync(IMongoDatabase database, string collection, IEnumerable<BsonDocument> documents)
    {
        foreach (var chunk in documents.Chunk(200))
        {
            await database.GetCollection<BsonDocument>(collection).InsertManyAsync(chunk, cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    private static async Task<List<BsonDocument>> AnomaliesAsync(IMongoDatabase database, string collection) =>
        await database.GetCollection<BsonDocument>(collection).Find(FilterDefinition<BsonDocument>.Empty)
            .ToListAsync(TestContext.Current.CancellationToken);
}
