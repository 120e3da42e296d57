using Lad.Client.Commands;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;
using Lad.Grains.Management;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Unreadable stored state is replaced, never retried forever, and one bad host never hides the others.</summary>
public class StateHealingTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("model", "truncate")]
    [InlineData("model", "delete")]
    [InlineData("progress", "truncate")]
    public async Task ACorruptStoredStateIsReplacedAndTheHostDetectsEveryLineOnce(string state, string damage)
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("heal_in"), MongoServerFixture.NewDatabaseName("heal_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb);
        HostStatus before;
        List<ObjectId> first;
        await using (var cluster = await DaemonCluster.StartAsync(yaml))
        {
            await cluster.WaitAllDetectingAsync(Wait);
            first = await store.InsertAsync(Network, Lines(0));
            before = await Eventually.WaitAsync(
                cluster.Host(Network, "cumulus").GetStatusAsync, s => s.Checkpoint == first[^1].ToString(), Wait, s => $"checkpoint {s.Checkpoint}");
        }

        await DamageAsync(targetDb, state, damage);

        await using var restarted = await DaemonCluster.StartAsync(yaml);
        await restarted.WaitAllDetectingAsync(Wait);
        var second = await store.InsertAsync(Network, Lines(100));
        var after = await Eventually.WaitAsync(
            restarted.Host(Network, "cumulus").GetStatusAsync,
            s => s.Phase == DetectorPhase.Detecting && s.Checkpoint == second[^1].ToString(),
            Wait,
            s => $"{s.Phase} {s.Reason}, checkpoint {s.Checkpoint}");

        // One anomaly per batch, each written once, though a lost checkpoint replays the first batch.
        var anomalies = await store.AnomaliesAsync(NetworkTarget);
        Assert.Equal(new[] { first[5], second[5] }.Order(), anomalies.Select(a => a["lad"]["source_id"].AsObjectId).Order());
        if (state == "model")
        {
            Assert.True(after.TrainedAt > before.TrainedAt, $"not retrained: trained at {after.TrainedAt} before {before.TrainedAt}");
            Assert.Equal(10L, after.LinesScored - before.LinesScored);
        }
        else
        {
            Assert.Equal(before.TrainedAt, after.TrainedAt); // the model was fine and is kept
            Assert.Contains("stored progress unreadable", after.Reason, StringComparison.Ordinal);
            Assert.Equal(20L, after.LinesScored); // counters restart; the first batch was scored again
        }
    }

    [Fact]
    public async Task OneHostThatCannotAnswerIsListedAsFailedAndTheOthersAreStillListed()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("heal_hosts_in"), MongoServerFixture.NewDatabaseName("heal_hosts_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        foreach (var (collection, host) in new[] { (Network, "cumulus"), (Network, "EXOS-VM"), (Web, "dataform") })
        {
            await store.InsertHistoryAsync(collection, host, 200);
        }

        // A hand-edited feedback document EXOS-VM's detector cannot read when it activates.
        await server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(MongoFeedbackStore.CollectionName).InsertOneAsync(
            new BsonDocument { ["_id"] = "bad", ["collection"] = Network, ["hostname"] = "EXOS-VM", ["message"] = 5, ["verdict"] = "false_positive", ["scope"] = "line" },
            cancellationToken: TestContext.Current.CancellationToken);
        await using var cluster = await DaemonCluster.StartAsync(TwoSources(server.ConnectionString, inputDb, targetDb));
        var scenario = new ConsoleScenario(cluster, store);
        await scenario.WaitDetectingAsync(Network, "cumulus");
        await scenario.WaitDetectingAsync(Web, "dataform");

        var (code, output) = await scenario.RunAsync("hosts", (g, c) => HostsCommand.RunAsync(g, false, c.Console, c.Output));

        Assert.Equal(0, code);
        var rows = output.Text.Split('\n');
        Assert.Contains(rows, r => r.Contains("network_logs/cumulus", StringComparison.Ordinal) && r.Contains("detecting", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("web_logs/dataform", StringComparison.Ordinal) && r.Contains("detecting", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("network_logs/EXOS-VM", StringComparison.Ordinal) && r.Contains("failed: status unavailable", StringComparison.Ordinal));
    }

    private static IEnumerable<BsonDocument> Lines(int from) =>
        Enumerable.Range(from, 10).Select(i => LogStore.Document("cumulus", i % 10 == 5 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i)));

    private async Task DamageAsync(string targetDb, string state, string damage)
    {
        var chunks = server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(DetectorStorage.CollectionName + ".chunks");
        var ct = TestContext.Current.CancellationToken;
        var filter = Builders<BsonDocument>.Filter.Regex("key", new BsonRegularExpression($"/{state}$", ""));
        var chunk = await chunks.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("index")).FirstAsync(ct);
        if (damage == "delete")
        {
            await chunks.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", chunk["_id"]), ct);
        }
        else
        {
            var data = chunk["data"].AsByteArray;
            await chunks.UpdateOneAsync(
                Builders<BsonDocument>.Filter.Eq("_id", chunk["_id"]),
                Builders<BsonDocument>.Update.Set("data", new BsonBinaryData(data[..(data.Length / 2)])),
                cancellationToken: ct);
        }
    }
}
