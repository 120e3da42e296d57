using System.Text;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Detection;
using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Documents that do not arrive in <c>_id</c> order, odd ids, a garbled stored position and a first training
/// cut short: every line after the training boundary is scored exactly once, every planted anomaly written once.</summary>
public class ReadingPositionTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task LinesOfABufferingWriterCommittedAfterNewerOnesAreScoredOnce()
    {
        var scenario = await Scenario.StartAsync(server, "buffer");
        await using var cluster = await DaemonCluster.StartAsync(scenario.Yaml());
        await cluster.WaitAllDetectingAsync(Wait);

        // Writer B makes its ids first and holds them, as a buffering shipper does; writer A's later ids land first.
        var buffered = Lines(60, 300, anomalyEvery: 20, id: _ => ObjectId.GenerateNewId());
        await Task.Delay(1100, TestContext.Current.CancellationToken); // B's ids are a second older than A's
        var direct = Lines(100, 200, anomalyEvery: 25);
        await scenario.InsertAsync(direct);
        await Settled(cluster, 100, 4);
        await scenario.InsertAsync(buffered);

        var status = await Settled(cluster, 160, 7);
        await scenario.AssertExactlyAsync(status, direct.Concat(buffered));
    }

    [Fact]
    public async Task IdsBackDatedAnHourInsideTheLookBackAreScoredOnce()
    {
        var scenario = await Scenario.StartAsync(server, "backdated");
        await using var cluster = await DaemonCluster.StartAsync(scenario.Yaml(lookbackSeconds: 7200));
        await cluster.WaitAllDetectingAsync(Wait);

        var current = Lines(40, 200, anomalyEvery: 0);
        await scenario.InsertAsync(current);
        await Settled(cluster, 40, 0);
        var hourAgo = DateTime.UtcNow.AddHours(-1);
        var backDated = Lines(30, 240, anomalyEvery: 10, id: i => ObjectId.GenerateNewId(hourAgo.AddSeconds(i)));
        await scenario.InsertAsync(backDated);

        var status = await Settled(cluster, 70, 3);
        await scenario.AssertExactlyAsync(status, current.Concat(backDated));
    }

    [Fact]
    public async Task AnIdDatedInTheYear2100IsScoredOnceAndHidesNothingAfterIt()
    {
        var scenario = await Scenario.StartAsync(server, "future");
        await using var cluster = await DaemonCluster.StartAsync(scenario.Yaml());
        await cluster.WaitAllDetectingAsync(Wait);

        var future = Lines(1, 1000, anomalyEvery: 1, id: _ => ObjectId.GenerateNewId(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        await scenario.InsertAsync(future);
        await Settled(cluster, 1, 1);
        var after = Lines(40, 200, anomalyEvery: 20);
        await scenario.InsertAsync(after);

        var status = await Settled(cluster, 41, 3);
        await scenario.AssertExactlyAsync(status, future.Concat(after));
        Assert.InRange(ObjectId.Parse(status.Checkpoint).CreationTime, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(2));
    }

    [Fact]
    public async Task DocumentsWithTextOrNumberIdsAreCountedAsSkippedNotLeftUnseen()
    {
        var scenario = await Scenario.StartAsync(server, "oddids");
        await using var cluster = await DaemonCluster.StartAsync(scenario.Yaml());
        await cluster.WaitAllDetectingAsync(Wait);

        var lines = Lines(20, 200, anomalyEvery: 10);
        await scenario.InsertAsync(lines);
        await scenario.Input.InsertManyAsync(
            [
                new BsonDocument { ["_id"] = "line-7", ["Hostname"] = "cumulus", ["Message"] = LogStore.Foreign(7) },
                new BsonDocument { ["_id"] = 8, ["Hostname"] = "cumulus", ["Message"] = LogStore.Foreign(8) },
                new BsonDocument { ["_id"] = 9L, ["Hostname"] = "EXOS-VM", ["Message"] = LogStore.Foreign(9) }, // another host's
            ],
            cancellationToken: TestContext.Current.CancellationToken);

        var status = await Eventually.WaitAsync(
            cluster.Host(Network, "cumulus").GetStatusAsync,
            s => s.LinesScored >= 20 && s.SkippedDocuments.GetValueOrDefault("IdNotObjectId") >= 2,
            Wait,
            s => $"{s.LinesScored} scored, skipped {string.Join(", ", s.SkippedDocuments)}");
        status = await Settled(cluster, 20, 2);
        Assert.Equal(2L, status.SkippedDocuments["IdNotObjectId"]);
        await scenario.AssertExactlyAsync(status, lines);
    }

    [Fact]
    public async Task WithATimeFieldDocumentsWithTextOrNumberIdsAreScoredOnceByTheirTime()
    {
        var scenario = await Scenario.StartAsync(server, "timedids");
        var ct = TestContext.Current.CancellationToken;
        await scenario.Input.UpdateManyAsync(
            FilterDefinition<BsonDocument>.Empty, Builders<BsonDocument>.Update.Set("ts", DateTime.UtcNow.AddMinutes(-1)), cancellationToken: ct);
        await using var cluster = await DaemonCluster.StartAsync(scenario.Yaml() + "MG_TIME_FIELD: \"ts\"\n");
        await cluster.WaitAllDetectingAsync(Wait);
        var start = DateTime.UtcNow;

        // Text and number ids, normal and planted lines, then one committed later but dated before the others.
        var timed = Enumerable.Range(0, 12).Select(i =>
        {
            var anomalous = i % 4 == 1;
            var document = LogStore.Document("cumulus", anomalous ? LogStore.Foreign(i) : LogStore.Normal("cumulus", 200 + i));
            document["_id"] = i % 2 == 0 ? $"line-{i}" : (BsonValue)i;
            document["ts"] = start.AddSeconds(3 + i);
            return (document, anomalous);
        }).ToList();
        var late = LogStore.Document("cumulus", LogStore.Foreign(99));
        late["_id"] = "late-99";
        late["ts"] = start.AddSeconds(2);
        var undated = LogStore.Document("cumulus", LogStore.Foreign(98));
        undated["_id"] = "undated-98";
        await scenario.Input.InsertManyAsync(timed.Select(t => t.document), cancellationToken: ct);
        await Settled(cluster, 12, 3);
        await scenario.Input.InsertManyAsync([late, undated], cancellationToken: ct);

        var status = await Settled(cluster, 13, 4);
        var expected = timed.Where(t => t.anomalous).Select(t => t.document).Append(late)
            .Select(d => $"{Network}:{SourceIds.Text(d["_id"])}").Order().ToList();
        var written = (await scenario.AnomaliesAsync()).Select(a => a["_id"].AsString).Order().ToList();
        Assert.Equal(expected, written);
        Assert.Contains($"{Network}:\"late-99\"", written);
        Assert.Equal((13L, 4L), (status.LinesScored, status.Anomalies));
        Assert.Equal(1L, status.SkippedDocuments.GetValueOrDefault("IdNotObjectId"));

        // Such an anomaly's id is what feedback names it by.
        var feedback = await cluster.Grains.GetGrain<IFeedbackGrain>(0).SubmitAsync(new FeedbackRequest(
            $"{Network}:\"late-99\"", null, null, null, FeedbackVerdict.FalsePositive, FeedbackScope.Line, "alice", null));
        Assert.Equal((new HostKey(Network, "cumulus"), LogStore.Foreign(99)), (feedback.Host, feedback.Message));
    }

    [Fact]
    public async Task AGarbledStoredCheckpointResumesFromTheTrainingBoundaryInsteadOfFailingForever()
    {
        var scenario = await Scenario.StartAsync(server, "garbled");
        string checkpoint;
        await using (var first = await DaemonCluster.StartAsync(scenario.Yaml()))
        {
            checkpoint = Assert.Single(await first.WaitAllDetectingAsync(Wait)).Checkpoint;
        }

        Assert.True(await scenario.GarbleStoredAsync(checkpoint) > 0, $"stored checkpoint {checkpoint} not found to garble");
        var lines = Lines(30, 200, anomalyEvery: 15);
        await scenario.InsertAsync(lines);

        await using var second = await DaemonCluster.StartAsync(scenario.Yaml());
        var status = await Settled(second, 30, 2);
        Assert.Equal((DetectorPhase.Detecting, null, 1), (status.Phase, status.Reason, status.Trainings));
        Assert.True(ObjectId.TryParse(status.Checkpoint, out _), $"checkpoint still unreadable: {status.Checkpoint}");
        await scenario.AssertExactlyAsync(status, lines);
    }

    [Fact]
    public async Task LinesArrivingWhileTheFirstTrainingIsCutShortByARestartAreScoredNotTrainedOn()
    {
        var scenario = await Scenario.StartAsync(server, "trainkill");
        var lines = Lines(50, 200, anomalyEvery: 17);

        // The first silo stores its training boundary, then waits at the training gate; it is stopped while lines arrive.
        await using (var first = await DaemonCluster.StartAsync(scenario.Yaml(), holdTrainings: true))
        {
            await scenario.WaitForStoredBoundaryAsync();
            await scenario.InsertAsync(lines);
        }

        await using var second = await DaemonCluster.StartAsync(scenario.Yaml());
        var status = await Settled(second, 50, 3);
        Assert.Equal((1, 200L), (status.Trainings, status.LinesTrainedOn)); // the history up to the first boundary, no more
        await scenario.AssertExactlyAsync(status, lines);
    }

    [Fact]
    public async Task LinesArrivingWhileMongoDbIsCutDuringTheFirstTrainingAreScoredNotTrainedOn()
    {
        var scenario = await Scenario.StartAsync(server, "traincut");
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        var lines = Lines(50, 200, anomalyEvery: 17);

        // Only the log source and sink go through the forwarder; grain state keeps its direct connection.
        await using var cluster = await DaemonCluster.StartAsync(
            scenario.Yaml(uri: ViaForwarder(forwarder)), storageConnection: server.ConnectionString, holdTrainings: true);
        await scenario.WaitForStoredBoundaryAsync();
        await forwarder.CutAsync();
        await scenario.InsertAsync(lines);
        cluster.TrainingHold.Release();
        var grain = cluster.Host(Network, "cumulus");
        await Eventually.WaitAsync(grain.GetStatusAsync, s => s.Reason?.Contains("training failed") == true, Wait, s => $"{s.Phase} {s.Reason}");
        forwarder.Restore();

        var status = await Settled(cluster, 50, 3);
        Assert.Equal((1, 200L), (status.Trainings, status.LinesTrainedOn));
        await scenario.AssertExactlyAsync(status, lines);
    }

    private static string ViaForwarder(TcpForwarder forwarder) =>
        $"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=2000";

    /// <summary>Lines for cumulus: normal ones, every <paramref name="anomalyEvery"/>-th foreign (0: none). The normal
    /// lines go on in the history's order from <paramref name="offset"/> (the history is lines 0 to 199), so only the
    /// planted lines break the host's usual sequence.</summary>
    private static List<(BsonDocument Document, bool Anomalous)> Lines(int count, int offset, int anomalyEvery, Func<int, ObjectId>? id = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var anomalous = anomalyEvery > 0 && i % anomalyEvery == anomalyEvery / 2;
            var document = LogStore.Document("cumulus", anomalous ? LogStore.Foreign(offset + i) : LogStore.Normal("cumulus", offset + i));
            if (id is not null)
            {
                document["_id"] = id(i);
            }

            return (document, anomalous);
        }).ToList();

    /// <summary>Waits until the host scored <paramref name="lines"/> and wrote <paramref name="anomalies"/>, then for two more
    /// polls, so a line scored twice or an anomaly written twice would show.</summary>
    private static async Task<HostStatus> Settled(DaemonCluster cluster, long lines, long anomalies)
    {
        var grain = cluster.Host(Network, "cumulus");
        var reached = await Eventually.WaitAsync(
            grain.GetStatusAsync,
            s => s.LinesScored >= lines && s.Anomalies >= anomalies,
            Wait,
            s => $"{s.Phase} {s.Reason}: {s.LinesScored}/{lines} scored, {s.Anomalies}/{anomalies} anomalies");
        var since = DateTime.UtcNow.AddSeconds(1);
        return await Eventually.WaitAsync(grain.GetStatusAsync, s => s.LastPoll > since, Wait, s => $"last poll {s.LastPoll:o}");
    }

    private sealed class Scenario(MongoServerFixture server, string inputDb, string targetDb, LogStore store)
    {
        public IMongoCollection<BsonDocument> Input => server.Client.GetDatabase(inputDb).GetCollection<BsonDocument>(Network);

        public static async Task<Scenario> StartAsync(MongoServerFixture server, string name)
        {
            var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName(name + "_in"), MongoServerFixture.NewDatabaseName(name + "_out"));
            var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
            await store.InsertHistoryAsync(Network, "cumulus", 200);
            return new Scenario(server, inputDb, targetDb, store);
        }

        public string Yaml(int lookbackSeconds = 300, string? uri = null) =>
            OneHost(uri ?? server.ConnectionString, inputDb, targetDb) + $"\nPOLL_LOOKBACK: {lookbackSeconds}\n";

        public Task<List<BsonDocument>> AnomaliesAsync() => store.AnomaliesAsync(NetworkTarget);

        public Task InsertAsync(IEnumerable<(BsonDocument Document, bool Anomalous)> lines) =>
            store.InsertAsync(Network, lines.Select(l => l.Document));

        /// <summary>The host scored exactly the lines given, and the anomaly targets hold exactly their anomalous ones.</summary>
        public async Task AssertExactlyAsync(HostStatus status, IEnumerable<(BsonDocument Document, bool Anomalous)> lines)
        {
            var list = lines.ToList();
            var expected = list.Where(l => l.Anomalous).Select(l => $"{Network}:{l.Document["_id"].AsObjectId}").Order().ToList();
            var written = (await store.AnomaliesAsync(NetworkTarget)).Select(a => a["_id"].AsString).Order().ToList();
            Assert.Equal(expected, written);
            Assert.Equal(list.Count, status.LinesScored);
            Assert.Equal(expected.Count, status.Anomalies);
        }

        /// <summary>Waits until the host's progress is stored: the first training stores its boundary before it reads.</summary>
        public Task WaitForStoredBoundaryAsync() =>
            Eventually.WaitAsync(
                () => server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(DetectorStorage.CollectionName)
                    .Find(Builders<BsonDocument>.Filter.Regex("_id", new BsonRegularExpression("/progress$", "")))
                    .CountDocumentsAsync(TestContext.Current.CancellationToken),
                count => count > 0,
                Wait,
                count => $"{count} progress states stored");

        /// <summary>Overwrites <paramref name="checkpoint"/> in the host's stored progress, in place, with text of the
        /// same length that is no ObjectId.</summary>
        /// <returns>How many stored chunks were changed.</returns>
        public async Task<int> GarbleStoredAsync(string checkpoint)
        {
            var chunks = server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(DetectorStorage.CollectionName + ".chunks");
            var changed = 0;
            var all = await chunks.Find(Builders<BsonDocument>.Filter.Regex("key", new BsonRegularExpression("/progress$", "")))
                .ToListAsync(TestContext.Current.CancellationToken);
            foreach (var chunk in all)
            {
                var text = Encoding.Latin1.GetString(chunk["data"].AsByteArray);
                if (!text.Contains(checkpoint, StringComparison.Ordinal))
                {
                    continue;
                }

                var garbled = Encoding.Latin1.GetBytes(text.Replace(checkpoint, "not-an-objectid-garbled!", StringComparison.Ordinal));
                await chunks.UpdateOneAsync(
                    Builders<BsonDocument>.Filter.Eq("_id", chunk["_id"]),
                    Builders<BsonDocument>.Update.Set("data", new BsonBinaryData(garbled)),
                    cancellationToken: TestContext.Current.CancellationToken);
                changed++;
            }

            return changed;
        }
    }
}
