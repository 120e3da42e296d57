using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Change-stream tailing. Where the test server offers no change streams (jongodb, a standalone mongod) the
/// daemon must poll, and says so; the tailing itself runs against <c>LAD_TEST_MONGODB_URI</c> when it names a replica
/// set, and is skipped with that reason otherwise.</summary>
public class ChangeStreamTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AServerWithoutChangeStreamsIsReportedAsUnavailableNotAsAPollFailure()
    {
        Assert.SkipWhen(await IsReplicaSetAsync(), "the test server offers change streams");
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("nostream"));
        var tail = new ChangeStreamTail(database, new MongoDocumentShape("Message", "Hostname", null, null, 1000));
        var ct = TestContext.Current.CancellationToken;

        Assert.Null(await tail.ClusterTimeAsync(ct));
        var error = await Assert.ThrowsAsync<ChangeStreamUnavailableException>(() =>
            tail.ReadAsync("logs", "web1", new StreamPosition(null, new BsonTimestamp(1, 1)), 10, ct));
        Assert.StartsWith("change streams unavailable (", error.Message);
    }

    [Fact]
    public async Task WithoutChangeStreamsTheDaemonPollsAndScoresEveryLineOnce()
    {
        Assert.SkipWhen(await IsReplicaSetAsync(), "the test server offers change streams");
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("poll_in"), MongoServerFixture.NewDatabaseName("poll_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        await store.InsertAsync(Network, Enumerable.Range(0, 30).Select(i =>
            LogStore.Document("cumulus", i == 15 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", 200 + i))));

        var status = await Eventually.WaitAsync(
            cluster.Host(Network, "cumulus").GetStatusAsync, s => s.LinesScored >= 30 && s.Anomalies >= 1, Wait, s => $"{s.LinesScored} scored");
        Assert.Equal(("polling", 30L, 1L), (status.Reading, status.LinesScored, status.Anomalies));
    }

    [Fact]
    public async Task OnAReplicaSetALineCommittedLongAfterItsIdWasMadeIsScoredOnceAcrossARestart()
    {
        Assert.SkipUnless(await IsReplicaSetAsync(),
            "change streams need LAD_TEST_MONGODB_URI naming a replica set (jongodb and standalone servers have none)");
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("stream_in"), MongoServerFixture.NewDatabaseName("stream_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        // A 60 s look-back: polling would never read the back-dated lines below.
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb) + "\nPOLL_LOOKBACK: 60\n";
        var hoursAgo = DateTime.UtcNow.AddHours(-2);
        List<ObjectId> anomalous = [];

        await using (var first = await DaemonCluster.StartAsync(yaml))
        {
            await first.WaitAllDetectingAsync(Wait);
            await Eventually.WaitAsync(first.Host(Network, "cumulus").GetStatusAsync, s => s.Reading == "change stream", Wait, s => s.Reading);
            anomalous.AddRange(await store.InsertAsync(Network, BackDated(0, 20, hoursAgo)));
            await Eventually.WaitAsync(first.Host(Network, "cumulus").GetStatusAsync, s => s.LinesScored >= 20, Wait, s => $"{s.LinesScored} scored");
        }

        // Lines committed while no silo runs come from the stored resume token.
        anomalous.AddRange(await store.InsertAsync(Network, BackDated(20, 20, hoursAgo)));
        await using var second = await DaemonCluster.StartAsync(yaml);
        var status = await Eventually.WaitAsync(
            second.Host(Network, "cumulus").GetStatusAsync, s => s.LinesScored >= 40, Wait, s => $"{s.LinesScored} scored");
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken); // a few more polls: no doubles
        status = await second.Host(Network, "cumulus").GetStatusAsync();

        var written = (await store.AnomaliesAsync(NetworkTarget)).Select(a => a["_id"].AsString).Order().ToList();
        var expected = anomalous.Where((_, i) => i % 10 == 5).Select(id => $"{Network}:{id}").Order().ToList();
        Assert.Equal(expected, written);
        Assert.Equal((40L, 4L, "change stream"), (status.LinesScored, status.Anomalies, status.Reading));
    }

    private static IEnumerable<BsonDocument> BackDated(int from, int count, DateTime madeAt) =>
        Enumerable.Range(from, count).Select(i =>
        {
            var document = LogStore.Document("cumulus", i % 10 == 5 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", 200 + i));
            document["_id"] = ObjectId.GenerateNewId(madeAt.AddSeconds(i));
            return document;
        });

    private async Task<bool> IsReplicaSetAsync()
    {
        var hello = await server.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(
            new BsonDocument("hello", 1), cancellationToken: TestContext.Current.CancellationToken);
        return hello.Contains("setName") || hello.GetValue("msg", "").ToString() == "isdbgrid";
    }
}
