using Lad.Integration.Tests.Fixtures;
using Lad.Grains.Abstractions.Detection;
using MongoDB.Bson;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

public class RestartTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SiloRestartedMidStreamLosesAndDuplicatesNothingAndKeepsItsModels()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("restart_in"), MongoServerFixture.NewDatabaseName("restart_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        foreach (var (collection, host) in new[] { (Network, "cumulus"), (Network, "EXOS-VM"), (Web, "dataform") })
        {
            await store.InsertHistoryAsync(collection, host, 200);
        }

        var yaml = TwoSources(server.ConnectionString, inputDb, targetDb, batchSize: 10);
        var first = await DaemonCluster.StartAsync(yaml, pollMilliseconds: 300, batchesPerTick: 1);
        await first.WaitAllDetectingAsync(Wait);

        // 400 lines for cumulus, every tenth foreign: at one batch of 10 per 300 ms this takes about 12 s to score.
        var documents = Enumerable.Range(0, 400)
            .Select(i => LogStore.Document("cumulus", i % 10 == 5 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i)))
            .ToList();
        var ids = await store.InsertAsync(Network, documents);
        var expected = ids.Where((_, i) => i % 10 == 5).Select(id => $"{Network}:{id}").Order().ToList();

        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count >= 3, Wait, a => $"{a.Count} anomalies");
        await first.DisposeAsync();
        var beforeRestart = (await store.AnomaliesAsync(NetworkTarget)).Count;
        Assert.InRange(beforeRestart, 3, expected.Count - 1); // really stopped mid-stream

        await using var second = await DaemonCluster.StartAsync(yaml, pollMilliseconds: 100, batchesPerTick: 20);
        var statuses = await second.WaitAllDetectingAsync(Wait);
        Assert.All(statuses, s => Assert.Equal((1, 1), (s.Trainings, s.ModelVersion))); // stored models reused, not retrained
        await Eventually.WaitAsync(
            async () => (Count: (await store.AnomaliesAsync(NetworkTarget)).Count, Status: await second.Host(Network, "cumulus").GetStatusAsync()),
            a => a.Count >= expected.Count,
            Wait,
            a => $"{a.Count}/{expected.Count} anomalies, {a.Status}");
        await Eventually.WaitAsync(
            () => second.Host(Network, "cumulus").GetStatusAsync(), s => s.Checkpoint == ids[^1].ToString(), Wait, s => $"checkpoint {s.Checkpoint}");

        var anomalies = await store.AnomaliesAsync(NetworkTarget);
        Assert.Equal(expected, anomalies.Select(a => a["_id"].AsString).Order().ToList());
        Assert.Equal(expected.Count, anomalies.Select(a => a["lad"]["source_id"].AsObjectId).Distinct().Count());
        var cumulus = await second.Host(Network, "cumulus").GetStatusAsync();
        Assert.Equal(expected.Count, cumulus.Anomalies); // inserted-once count, so replays after the restart add nothing
        Assert.InRange(cumulus.LinesScored, 400, 400 + 10); // at most the one unfinished batch was scored twice
    }

    [Fact]
    public async Task ChangedModelKindIsRetrainedWhileTheStoredModelKeepsDetecting()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("kind_in"), MongoServerFixture.NewDatabaseName("kind_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb);
        await using (var first = await DaemonCluster.StartAsync(yaml))
        {
            await first.WaitAllDetectingAsync(Wait);
        }

        var somYaml = yaml + """

            MODEL: "som"
            SOMPY_NODE_MAP: 4
            SOMPY_TRAIN_ROUGH_LEN: 5
            SOMPY_TRAIN_FINETUNE_LEN: 2
            TRAIN_VECTOR_LENGTH: 8
            W2V_ITER: 2
            """;
        await using var second = await DaemonCluster.StartAsync(somYaml);
        var retrained = await Eventually.WaitAsync(
            second.Host(Network, "cumulus").GetStatusAsync, s => s.ModelVersion == 2, Wait, s => $"version {s.ModelVersion} {s.Phase} {s.Reason}");

        Assert.Equal((2, DetectorPhase.Detecting), (retrained.Trainings, retrained.Phase));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(2, (await second.Host(Network, "cumulus").GetStatusAsync()).ModelVersion); // once, not on every tick
    }
}
