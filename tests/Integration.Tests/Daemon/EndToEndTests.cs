using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;
using Microsoft.Extensions.DependencyInjection;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

public class EndToEndTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnomaliesReachTheirSourcesTargetOnceAndHostsStayApart()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("e2e_in"), MongoServerFixture.NewDatabaseName("e2e_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 300);
        await store.InsertHistoryAsync(Network, "EXOS-VM", 300);
        await store.InsertHistoryAsync(Web, "dataform", 300);
        await store.InsertHistoryAsync(Network, "172.17.18.178", 50); // a host of the store that the config does not list

        await using var cluster = await DaemonCluster.StartAsync(TwoSources(server.ConnectionString, inputDb, targetDb));
        var trained = await cluster.WaitAllDetectingAsync(Wait);
        Assert.All(trained, s => Assert.Equal((1, 1, 300L, 3), (s.ModelVersion, s.Trainings, s.LinesTrainedOn, s.Templates)));

        // New lines: normal ones, foreign ones, and for cumulus two lines that are normal for EXOS-VM (foreign to cumulus).
        var expected = new Dictionary<string, HashSet<ObjectId>> { ["cumulus"] = [], ["EXOS-VM"] = [], ["dataform"] = [] };
        var normalIds = new HashSet<ObjectId>();
        foreach (var (collection, host) in new[] { (Network, "cumulus"), (Network, "EXOS-VM"), (Web, "dataform") })
        {
            var documents = new List<(BsonDocument Doc, bool Anomalous)>();
            for (var i = 0; i < 60; i++)
            {
                documents.Add((LogStore.Document(host, LogStore.Normal(host, i + 7)), false));
                if (i % 20 == 10)
                {
                    documents.Add((LogStore.Document(host, LogStore.Foreign(i)), true));
                }
            }

            if (host == "cumulus")
            {
                documents.Add((LogStore.Document(host, LogStore.Normal("EXOS-VM", 1)), true));
                documents.Add((LogStore.Document(host, LogStore.Normal("EXOS-VM", 2)), true));
            }

            var ids = await store.InsertAsync(collection, documents.Select(d => d.Doc));
            for (var i = 0; i < ids.Count; i++)
            {
                (documents[i].Anomalous ? expected[host] : normalIds).Add(ids[i]);
            }
        }

        // Unusable documents for dataform, and foreign lines of the unlisted host: all must stay out of the targets.
        await store.InsertAsync(Web, [
            new BsonDocument { ["Hostname"] = "dataform" },
            new BsonDocument { ["Hostname"] = "dataform", ["Message"] = 42 },
            LogStore.Document("dataform", new string('x', 401)),
        ]);
        await store.InsertAsync(Network, [LogStore.Document("172.17.18.178", LogStore.Foreign(1))]);

        var networkExpected = expected["cumulus"].Count + expected["EXOS-VM"].Count;
        await Eventually.WaitAsync(
            async () => (Net: (await store.AnomaliesAsync(NetworkTarget)).Count, Web: (await store.AnomaliesAsync(WebTarget)).Count,
                Scored: (await cluster.StatusesAsync()).Sum(s => s.LinesScored),
                Skipped: (await cluster.StatusesAsync()).Sum(s => s.SkippedDocuments.Values.Sum())),
            c => c.Net >= networkExpected && c.Web >= expected["dataform"].Count && c.Scored >= (3 * 63) + 2 && c.Skipped >= 3,
            Wait,
            c => $"network {c.Net}/{networkExpected}, web {c.Web}/{expected["dataform"].Count}, scored {c.Scored}, skipped {c.Skipped}");

        var network = await store.AnomaliesAsync(NetworkTarget);
        var web = await store.AnomaliesAsync(WebTarget);
        AssertAnomaliesAre(network, Network, expected["cumulus"].Concat(expected["EXOS-VM"]));
        AssertAnomaliesAre(web, Web, expected["dataform"]);
        foreach (var anomaly in network.Concat(web))
        {
            var lad = anomaly["lad"].AsBsonDocument;
            Assert.Equal(anomaly["Hostname"].AsString, lad["hostname"].AsString); // host A's line is never host B's anomaly
            Assert.Contains(lad["source_id"].AsObjectId, expected[lad["hostname"].AsString]);
            Assert.Equal(anomaly["Message"].AsString, lad["message"].AsString);
            Assert.True(lad["score"].AsDouble > lad["threshold"].AsDouble, $"score {lad["score"]} not above threshold {lad["threshold"]}");
            Assert.Equal("1", lad["model_version"].AsString);
            Assert.NotEmpty(lad["reasons"].AsBsonArray);
        }

        var statuses = (await cluster.StatusesAsync()).ToDictionary(s => s.Host.Hostname);
        Assert.Equal(65L, statuses["cumulus"].LinesScored); // 60 normal, 3 foreign, 2 of EXOS-VM
        Assert.Equal(expected["cumulus"].Count, statuses["cumulus"].Anomalies);
        Assert.Equal(63L, statuses["dataform"].LinesScored);
        Assert.Equal(
            new Dictionary<string, long> { ["MissingMessage"] = 1, ["MessageNotText"] = 1, ["MessageTooLong"] = 1 },
            statuses["dataform"].SkippedDocuments);
        Assert.Empty(statuses["cumulus"].SkippedDocuments);
    }

    [Fact]
    public async Task RetrainingSwapsTheModelWhileDetectionGoesOn()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("retrain_in"), MongoServerFixture.NewDatabaseName("retrain_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);
        var grain = cluster.Host(Network, "cumulus");

        await grain.RetrainAsync();
        var retrained = await Eventually.WaitAsync(grain.GetStatusAsync, s => s.ModelVersion == 2, Wait, s => $"version {s.ModelVersion}");
        var ids = await store.InsertAsync(Network, [LogStore.Document("cumulus", LogStore.Foreign(5))]);
        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count == 1, Wait, a => $"{a.Count} anomalies");

        var anomaly = Assert.Single(await store.AnomaliesAsync(NetworkTarget));
        Assert.Equal(ids[0], anomaly["lad"]["source_id"].AsObjectId);
        Assert.Equal("2", anomaly["lad"]["model_version"].AsString);
        Assert.Equal((2, 200L, DetectorPhase.Detecting), (retrained.Trainings, retrained.LinesTrainedOn, retrained.Phase));
    }

    [Fact]
    public async Task ScheduledRetrainingFollowsTheSlidingWindowAndDetectionContinues()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("sched_in"), MongoServerFixture.NewDatabaseName("sched_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb), retrainMilliseconds: 1500);
        var grain = cluster.Host(Network, "cumulus");
        await cluster.WaitAllDetectingAsync(Wait);

        // New normal lines join the window; the next scheduled training reads them too.
        await store.InsertHistoryAsync(Network, "cumulus", 50);
        var later = await Eventually.WaitAsync(
            grain.GetStatusAsync, s => s.ModelVersion >= 2 && s.LinesTrainedOn == 150, Wait, s => $"version {s.ModelVersion}, {s.LinesTrainedOn} lines");
        await store.InsertAsync(Network, [LogStore.Document("cumulus", LogStore.Foreign(9))]);
        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count == 1, Wait, a => $"{a.Count} anomalies");

        Assert.Equal(later.ModelVersion, later.Trainings);
        // The batch's progress is stored after its anomaly and its incident are: wait for it rather than race it.
        await Eventually.WaitAsync(grain.GetStatusAsync, s => s.LinesScored >= 50 + 1, Wait, s => $"{s.LinesScored} scored");
        Assert.Equal(50L + 1, (await grain.GetStatusAsync()).LinesScored);
    }

    [Fact]
    public async Task HostWithoutHistoryReportsWhyThenTrainsWhenLogsArrive()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("empty_in"), MongoServerFixture.NewDatabaseName("empty_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var grain = cluster.Host(Network, "cumulus");

        var failed = await Eventually.WaitAsync(grain.GetStatusAsync, s => s.Phase == DetectorPhase.Failed, Wait, s => $"{s.Phase}");
        Assert.Contains("no usable documents for host 'cumulus' in 'network_logs'", failed.Reason);
        Assert.Equal(0, failed.ModelVersion);

        // A retry may read while the insert is still landing: whatever it misses is polled and scored instead.
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var detecting = await Eventually.WaitAsync(
            grain.GetStatusAsync,
            s => s.Phase == DetectorPhase.Detecting && s.LinesTrainedOn + s.LinesScored == 100,
            Wait,
            s => $"{s.Phase} {s.Reason}, trained on {s.LinesTrainedOn}, scored {s.LinesScored}");
        Assert.Equal((1, null), (detecting.ModelVersion, detecting.Reason));
        Assert.InRange(detecting.LinesTrainedOn, 1, 100);
    }

    [Fact]
    public async Task FailedRetrainingKeepsDetectingWithTheOldModelAndSaysWhy()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("refail_in"), MongoServerFixture.NewDatabaseName("refail_out"));
        var input = server.Client.GetDatabase(inputDb);
        var store = new LogStore(input, server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);
        var grain = cluster.Host(Network, "cumulus");

        await input.GetCollection<BsonDocument>(Network).DeleteManyAsync(FilterDefinition<BsonDocument>.Empty, TestContext.Current.CancellationToken);
        await grain.RetrainAsync();
        var failed = await Eventually.WaitAsync(grain.GetStatusAsync, s => s.Reason is not null, Wait, s => $"{s.Phase}");

        Assert.Equal((DetectorPhase.Detecting, 1), (failed.Phase, failed.ModelVersion));
        Assert.Contains("training failed (no usable documents for host 'cumulus'", failed.Reason);
        await store.InsertAsync(Network, [LogStore.Document("cumulus", LogStore.Foreign(3))]);
        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count == 1, Wait, a => $"{a.Count} anomalies");
    }

    [Fact]
    public async Task TrainingsWaitForTheSiloWideParallelismGate()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("gate_in"), MongoServerFixture.NewDatabaseName("gate_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 300);
        await store.InsertHistoryAsync(Network, "EXOS-VM", 300);
        await store.InsertHistoryAsync(Web, "dataform", 300);
        var yaml = TwoSources(server.ConnectionString, inputDb, targetDb).Replace("PARALLELISM: 2", "PARALLELISM: 1", StringComparison.Ordinal);

        await using var cluster = await DaemonCluster.StartAsync(yaml);
        var statuses = await cluster.WaitAllDetectingAsync(Wait);

        var gate = cluster.SiloServices.GetRequiredService<TrainingGate>();
        Assert.Equal((1, 1, 0), (gate.Capacity, gate.PeakRunning, gate.Running));
        Assert.All(statuses, s => Assert.Equal(1, s.Trainings));
    }

    private static void AssertAnomaliesAre(List<BsonDocument> anomalies, string collection, IEnumerable<ObjectId> expected)
    {
        var expectedIds = expected.Select(id => $"{collection}:{id}").Order().ToList();
        Assert.Equal(expectedIds, anomalies.Select(a => a["_id"].AsString).Order().ToList());
        Assert.All(anomalies, a => Assert.Equal(collection, a["lad"]["source_collection"].AsString));
    }
}
