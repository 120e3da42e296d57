using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Volume anomalies in the daemon: rates learned from the history's own times, a surge of ordinary lines and
/// a host falling silent each written once as an anomaly with its figures.</summary>
public class VolumeDaemonTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ASurgeOfOrdinaryLinesAndTheSilenceAfterItAreEachOneAnomalyWithFigures()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("vol_in"), MongoServerFixture.NewDatabaseName("vol_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        // Three minutes of history, a line every 2 s: with 5 s intervals, 36 intervals of at most one line per template.
        var start = DateTime.UtcNow.AddMinutes(-4);
        await store.InsertAsync(Network, Enumerable.Range(0, 90).Select(i =>
        {
            var document = LogStore.Document("cumulus", LogStore.Normal("cumulus", i));
            document["_id"] = ObjectId.GenerateNewId(start.AddSeconds(2 * i));
            return document;
        }));
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb) + "\nVOLUME_INTERVAL: 5\n";
        await using var cluster = await DaemonCluster.StartAsync(yaml);
        await cluster.WaitAllDetectingAsync(Wait);

        // Sixty lines of one routine template at once: each line is ordinary, their number is not.
        await store.InsertAsync(Network, Enumerable.Range(0, 60).Select(k => LogStore.Document("cumulus", LogStore.Normal("cumulus", 3 * k))));

        var anomalies = await Eventually.WaitAsync(
            () => store.AnomaliesAsync(NetworkTarget),
            list => list.Count >= 2,
            Wait,
            list => $"{list.Count} anomalies: {string.Join("; ", list.Select(a => a["lad"]["kind"]))}");
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken); // more ticks: nothing repeats
        anomalies = await store.AnomaliesAsync(NetworkTarget);

        Assert.Equal(["host_silent", "volume_surge"], anomalies.Select(a => a["lad"]["kind"].AsString).Order());
        var surge = anomalies.Single(a => a["lad"]["kind"] == "volume_surge")["lad"].AsBsonDocument;
        Assert.Equal(60, surge["volume"]["observed"].ToDouble());
        Assert.Matches(@"^'.+' 60 in 5 s; history at most 1$", surge["reasons"][0].AsString);
        var silent = anomalies.Single(a => a["lad"]["kind"] == "host_silent")["lad"].AsBsonDocument;
        Assert.Matches(@"^no lines for \d+(\.\d)? s; the longest gap in .+ of history was 2 s$", silent["reasons"][0].AsString);
        Assert.Equal("cumulus", silent["hostname"].AsString);
        var status = await cluster.Host(Network, "cumulus").GetStatusAsync();
        Assert.Equal((60L, 2L), (status.LinesScored, status.Anomalies));
    }
}
