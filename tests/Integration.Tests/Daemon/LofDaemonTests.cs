using Lad.Grains.Abstractions.Detection;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>The daemon running the fork's Word2Vec + LOF model (<c>MODEL: lof</c>).</summary>
public class LofDaemonTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TheLofModelFlagsForeignLinesAndIsStoredAndReloadedAcrossARestart()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("lof_in"), MongoServerFixture.NewDatabaseName("lof_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb) + """

            MODEL: lof
            LOF_NEIGHBORS: 20
            LOF_METRIC: euclidean
            TRAIN_VECTOR_LENGTH: 8
            W2V_ITER: 20
            """;

        var expected = new List<ObjectId>();
        await using (var first = await DaemonCluster.StartAsync(yaml))
        {
            var trained = Assert.Single(await first.WaitAllDetectingAsync(Wait));
            Assert.Equal((1, 1, 200L), (trained.ModelVersion, trained.Trainings, trained.LinesTrainedOn));

            var documents = Enumerable.Range(0, 40)
                .Select(i => (Doc: LogStore.Document("cumulus", i % 10 == 5 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i + 3)), Foreign: i % 10 == 5))
                .ToList();
            var ids = await store.InsertAsync(Network, documents.Select(d => d.Doc));
            expected.AddRange(ids.Where((_, i) => documents[i].Foreign));
            await Eventually.WaitAsync(
                first.Host(Network, "cumulus").GetStatusAsync, s => s.LinesScored == 40, Wait, s => $"{s.LinesScored} scored, {s.Phase} {s.Reason}");
        }

        await using var second = await DaemonCluster.StartAsync(yaml);
        var reloaded = Assert.Single(await second.WaitAllDetectingAsync(Wait));
        Assert.Equal((1, 1), (reloaded.ModelVersion, reloaded.Trainings)); // the stored lof model, not a new training
        expected.AddRange(await store.InsertAsync(Network, [LogStore.Document("cumulus", LogStore.Foreign(99))]));
        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count >= expected.Count, Wait, a => $"{a.Count}/{expected.Count} anomalies");

        var anomalies = await store.AnomaliesAsync(NetworkTarget);
        Assert.Equal(expected.Order(), anomalies.Select(a => a["lad"]["source_id"].AsObjectId).Order());
        foreach (var anomaly in anomalies)
        {
            var lad = anomaly["lad"].AsBsonDocument;
            Assert.Equal(("1", 1.5), (lad["model_version"].AsString, lad["threshold"].AsDouble));
            Assert.True(lad["score"].AsDouble > 1.5, $"score {lad["score"]}");
            Assert.StartsWith("local outlier factor ", lad["reasons"][0].AsString, StringComparison.Ordinal);
        }
    }
}
