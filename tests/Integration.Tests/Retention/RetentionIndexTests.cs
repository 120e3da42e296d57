using Lad.Grains.DeadLetters;
using Lad.Grains.Incidents;
using Lad.Grains.Management;
using Lad.Grains.Retention;
using Lad.Grains.Sink;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Retention;

/// <summary><c>RETENTION_DAYS</c> becomes TTL indexes on anomalies, incidents, incident line records, hourly counts and dead letters, made at silo
/// start beside the indexes <c>lad anomalies</c>, <c>lad incidents</c> and the hosts' feedback reads query with.</summary>
public class RetentionIndexTests(MongoServerFixture server)
{
    private static async Task<Dictionary<string, BsonDocument>> IndexesAsync(IMongoDatabase database, string collection)
    {
        var cursor = await database.GetCollection<BsonDocument>(collection).Indexes.ListAsync(TestContext.Current.CancellationToken);
        return (await cursor.ToListAsync(TestContext.Current.CancellationToken)).ToDictionary(i => i["name"].AsString);
    }

    private static long? ExpiresAfter(Dictionary<string, BsonDocument> indexes) =>
        indexes.TryGetValue(TtlIndex.Name, out var ttl) ? ttl["expireAfterSeconds"].ToInt64() : null;

    [Fact]
    public async Task TheSiloMakesTheQueryAndRetentionIndexesAtStart()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("ret_in"), MongoServerFixture.NewDatabaseName("ret_out"));
        var target = server.Client.GetDatabase(targetDb);
        var store = new LogStore(server.Client.GetDatabase(inputDb), target);
        await store.InsertHistoryAsync(Network, "cumulus", 50);

        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb) + "\nRETENTION_DAYS: 30\n");

        const long thirtyDays = 30 * 86400;
        var anomalies = await Eventually.WaitAsync(
            () => IndexesAsync(target, NetworkTarget), i => i.ContainsKey(TtlIndex.Name), TimeSpan.FromSeconds(60), i => string.Join(",", i.Keys));
        Assert.Equal(thirtyDays, ExpiresAfter(anomalies));
        Assert.Equal(new BsonDocument("lad.detected_at", 1), anomalies[TtlIndex.Name]["key"].AsBsonDocument);
        Assert.Superset(new HashSet<string> { "detected_at", "hostname_detected_at", "source_detected_at" }, anomalies.Keys.ToHashSet());

        var incidents = await Eventually.WaitAsync(
            () => IndexesAsync(target, MongoIncidentStore.CollectionName), i => i.ContainsKey(TtlIndex.Name), TimeSpan.FromSeconds(60), i => string.Join(",", i.Keys));
        Assert.Equal(thirtyDays, ExpiresAfter(incidents));
        Assert.Superset(new HashSet<string> { "source_state_last_seen", "hosts_last_seen", "last_seen" }, incidents.Keys.ToHashSet());
        var lines = await IndexesAsync(target, MongoIncidentStore.LinesCollectionName);
        Assert.Equal(thirtyDays, ExpiresAfter(lines));
        Assert.Contains("incident", lines.Keys);
        // A day's counts per hour last a day longer than the anomalies of its first hour.
        var hourly = await Eventually.WaitAsync(
            () => IndexesAsync(target, HourlyAnomalyCounts.CollectionName), i => i.ContainsKey(TtlIndex.Name), TimeSpan.FromSeconds(60), i => string.Join(",", i.Keys));
        Assert.Equal(thirtyDays + 86400, ExpiresAfter(hourly));
        Assert.Superset(new HashSet<string> { "day", "source_host_day" }, hourly.Keys.ToHashSet());
        // Dead letters (each a copy of a source document) expire as anomalies do.
        var deadLetters = await Eventually.WaitAsync(
            () => IndexesAsync(target, MongoDeadLetterStore.CollectionName), i => i.ContainsKey(TtlIndex.Name), TimeSpan.FromSeconds(60), i => string.Join(",", i.Keys));
        Assert.Equal(thirtyDays, ExpiresAfter(deadLetters));
        Assert.Equal(new BsonDocument("at", 1), deadLetters[TtlIndex.Name]["key"].AsBsonDocument);
        // Feedback is kept until people undo it, and read by every host as it starts and trains.
        var feedback = await Eventually.WaitAsync(
            () => IndexesAsync(target, MongoFeedbackStore.CollectionName), i => i.ContainsKey(MongoFeedbackStore.HostIndexName),
            TimeSpan.FromSeconds(60), i => string.Join(",", i.Keys));
        Assert.Null(ExpiresAfter(feedback));
        Assert.Equal(
            new BsonDocument { ["collection"] = 1, ["hostname"] = 1, ["verdict"] = 1, ["at"] = -1, ["_id"] = -1 },
            feedback[MongoFeedbackStore.HostIndexName]["key"].AsBsonDocument);
        Assert.Equal(new BsonDocument { ["at"] = -1, ["_id"] = -1 }, feedback[MongoFeedbackStore.AtIndexName]["key"].AsBsonDocument);
    }

    [Fact]
    public async Task ARetentionChangeChangesTheExpiryAndZeroRemovesIt()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("ttl"));
        var collection = database.GetCollection<BsonDocument>("anomalies");
        var token = TestContext.Current.CancellationToken;

        await TtlIndex.EnsureAsync(collection, "lad.detected_at", TimeSpan.FromDays(90), token);
        Assert.Equal(90 * 86400L, ExpiresAfter(await IndexesAsync(database, "anomalies")));

        await TtlIndex.EnsureAsync(collection, "lad.detected_at", TimeSpan.FromDays(90), token); // unchanged: nothing to do
        try
        {
            await TtlIndex.EnsureAsync(collection, "lad.detected_at", TimeSpan.FromDays(7), token);
        }
        catch (MongoCommandException e) when (e.Message.Contains("no such command", StringComparison.Ordinal))
        {
            Assert.Skip($"the test server cannot change or drop indexes ({e.Message}); set LAD_TEST_MONGODB_URI to a mongod to run this");
        }

        Assert.Equal(7 * 86400L, ExpiresAfter(await IndexesAsync(database, "anomalies")));

        await TtlIndex.EnsureAsync(collection, "lad.detected_at", null, token);
        Assert.Null(ExpiresAfter(await IndexesAsync(database, "anomalies")));
        await TtlIndex.EnsureAsync(collection, "lad.detected_at", null, token); // nothing left to remove
    }
}
