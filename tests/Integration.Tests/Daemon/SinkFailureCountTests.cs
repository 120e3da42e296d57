using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Sink;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A sink write that fails after its anomalies were inserted (here: the hour counts cannot be written) is
/// retried; the retry finds the anomaly already there, and the host still counts it once.</summary>
public class SinkFailureCountTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnAnomalyInsertedByAFailedWriteIsCountedOnceByTheRetry()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("sinkfail_in"), MongoServerFixture.NewDatabaseName("sinkfail_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);
        var grain = cluster.Host(Network, "cumulus");

        // The host's hour-count documents for today and tomorrow hold a string where the counts go, so the sink's
        // count update fails after its insert (until they are removed).
        var hours = server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(HourlyAnomalyCounts.CollectionName);
        var today = DateTime.UtcNow.Date;
        var blocked = new[] { today, today.AddDays(1) }
            .Select(day => new BsonDocument { ["_id"] = $"{Network}\u001fcumulus\u001f{day:yyyy-MM-dd}", ["counts"] = "blocked" })
            .ToList();
        await hours.InsertManyAsync(blocked, cancellationToken: TestContext.Current.CancellationToken);

        await store.InsertAsync(Network, Enumerable.Range(0, 10).Select(i => LogStore.Document("cumulus", i == 5 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i))));
        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count == 1, Wait, a => $"{a.Count} anomalies");
        var failing = await grain.GetStatusAsync();
        Assert.Equal((0L, 0L), (failing.LinesScored, failing.Anomalies));

        await hours.DeleteManyAsync(Builders<BsonDocument>.Filter.In("_id", blocked.Select(b => b["_id"])), TestContext.Current.CancellationToken);
        var done = await Eventually.WaitAsync(grain.GetStatusAsync, s => s.LinesScored >= 10, Wait, s => $"{s.Phase} {s.Reason}, {s.LinesScored} scored");

        Assert.Equal((10L, 1L), (done.LinesScored, done.Anomalies));
        Assert.Single(await store.AnomaliesAsync(NetworkTarget));
    }
}
