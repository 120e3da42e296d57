using Lad.Grains.Metrics;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo.Web;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Metrics;

public class DaemonMetricsTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task CountersMoveWhenTheHostGrainScoresLines()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("met_in"), MongoServerFixture.NewDatabaseName("met_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var status = Assert.Single(await cluster.WaitAllDetectingAsync(Wait));
        var metrics = cluster.SiloServices.GetRequiredService<LadMetrics>();

        var before = PrometheusText.Write(metrics);
        Assert.Equal(1, Exposition.Value(before, "aiops_lad_train_count", Network, "cumulus"));
        Assert.Equal(status.Threshold, Exposition.Value(before, "aiops_lad_threshold", Network, "cumulus"));
        var scoredBefore = Exposition.Value(before, "aiops_lad_loglines_count", Network, "cumulus");

        await store.InsertAsync(Network, [
            .. Enumerable.Range(0, 30).Select(i => LogStore.Document("cumulus", LogStore.Normal("cumulus", i))),
            LogStore.Document("cumulus", LogStore.Foreign(1)),
            LogStore.Document("cumulus", LogStore.Foreign(2)),
        ]);

        var after = await Eventually.WaitAsync(
            () => Task.FromResult(PrometheusText.Write(metrics)),
            text => Exposition.Value(text, "aiops_lad_loglines_count", Network, "cumulus") >= (double.IsNaN(scoredBefore) ? 0 : scoredBefore) + 32,
            Wait,
            text => text);

        var scored = Exposition.Value(after, "aiops_lad_loglines_count", Network, "cumulus");
        Assert.Equal((await cluster.Host(Network, "cumulus").GetStatusAsync()).LinesScored, (long)scored);
        Assert.Equal(2, Exposition.Value(after, "aiops_lad_anomaly_count", Network, "cumulus"));
        Assert.Equal((await store.AnomaliesAsync(NetworkTarget)).Count, (int)Exposition.Value(after, "aiops_lad_anomaly_count", Network, "cumulus"));
        Assert.True(Exposition.Value(after, "aiops_lad_inference_count", Network, "cumulus") >= 1);
        Assert.False(double.IsNaN(Exposition.Value(after, "aiops_lad_anomaly_avg_score", Network, "cumulus")));
    }
}
