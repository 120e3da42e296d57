using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>The daemon judges each line in the context of the host's earlier lines, as <c>lad eval</c> measures.</summary>
public class StreamContextTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ALineOutOfTheHostsUsualOrderIsFlaggedWithItsContext()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("ctx_in"), MongoServerFixture.NewDatabaseName("ctx_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        // cumulus always writes its three messages in turn.
        await store.InsertHistoryAsync(Network, "cumulus", 300);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        // Twelve lines in the usual turn, except that line 7 repeats the message of line 6 (with another value) before
        // the turn goes on: every message is routine, only its place is not.
        int[] turn = [300, 301, 302, 303, 304, 305, 306, 309, 307, 308, 309, 310];
        var messages = turn.Select(i => LogStore.Normal("cumulus", i)).ToList();
        var ids = await store.InsertAsync(Network, messages.Select(m => LogStore.Document("cumulus", m)));
        await Eventually.WaitAsync(
            () => cluster.Host(Network, "cumulus").GetStatusAsync(), s => s.LinesScored >= 12, Wait, s => $"{s.LinesScored} scored");

        var anomaly = Assert.Single(await store.AnomaliesAsync(NetworkTarget));
        var lad = anomaly["lad"].AsBsonDocument;
        Assert.Equal(ids[7], lad["source_id"].AsObjectId);
        var reasons = lad["reasons"].AsBsonArray.Select(r => r.AsString).ToList();
        Assert.Contains(reasons, r => r.Contains("right after", StringComparison.Ordinal) && r.Contains("training streams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABatchReplayedAfterAFailedWriteIsNotJudgedAfterItsOwnLines()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("ctx_replay_in"), MongoServerFixture.NewDatabaseName("ctx_replay_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 300);
        // While a document holds the first anomaly's message under a unique index, writing the batch fails.
        var target = server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(NetworkTarget);
        await target.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("lad.message"), new CreateIndexOptions { Unique = true }),
            cancellationToken: TestContext.Current.CancellationToken);
        var blocker = new BsonDocument { ["_id"] = "blocker", ["lad"] = new BsonDocument("message", LogStore.Foreign(1)) };
        await target.InsertOneAsync(blocker, cancellationToken: TestContext.Current.CancellationToken);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        // The batch ends on the message that also opens it: scored after its own last line, its first line would be
        // out of turn.
        var ids = await store.InsertAsync(Network, new[] { LogStore.Normal("cumulus", 300), LogStore.Foreign(1), LogStore.Foreign(2), LogStore.Normal("cumulus", 303) }
            .Select(m => LogStore.Document("cumulus", m)));
        var grain = cluster.Host(Network, "cumulus");
        await Eventually.WaitAsync(grain.GetStatusAsync, s => s.Reason?.Contains("poll failed", StringComparison.Ordinal) == true, Wait, s => $"{s.Phase} {s.Reason}");
        await target.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", "blocker"), TestContext.Current.CancellationToken);

        await Eventually.WaitAsync(grain.GetStatusAsync, s => s.LinesScored >= 4, Wait, s => $"{s.Phase} {s.Reason}, {s.LinesScored} scored");
        var written = (await store.AnomaliesAsync(NetworkTarget)).Select(a => a["lad"]["source_id"].AsObjectId).Order().ToList();
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), written);
    }
}
