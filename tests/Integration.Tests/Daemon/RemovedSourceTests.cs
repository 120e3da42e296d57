using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Detection;
using Lad.Grains.Metrics;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo.Web;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>
/// A source added at run time (not in <c>LOG_SOURCES</c>) is removed whether or not its hosts are active on a silo at that
/// moment, and its hosts still answer afterwards: a host woken after its source is gone activates without one and only
/// refuses to start.
/// </summary>
public class RemovedSourceTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ASourceWhoseHostIsNotActiveIsRemovedAndTheHostStillAnswersAfterwards()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("rm_in"), MongoServerFixture.NewDatabaseName("rm_out"));
        await new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb)).InsertHistoryAsync(Web, "dataform", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var ct = TestContext.Current.CancellationToken;
        var registry = SourceRegistry.Get(cluster.Grains);
        await registry.AddAsync(Web, ["dataform"], WebTarget);
        var host = cluster.Host(Web, "dataform");
        await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase == DetectorPhase.Detecting, Wait, s => $"{s.Phase}");
        await Eventually.WaitAsync(() => PollsAsync(cluster, Web), n => n == 1, Wait, n => $"{n} shared polls of {Web}");
        Assert.Contains("host=\"dataform\"", PrometheusText.Write(cluster.SiloServices.GetRequiredService<LadMetrics>()), StringComparison.Ordinal);

        // Deactivated, as by a silo's idle collection or its stop: the removal's stop is what activates it again, and it
        // comes after the source is gone from the store (`lad sources add` then `remove` at once raced the same way).
        await host.Cast<IGrainManagementExtension>().DeactivateOnIdle(ct);
        Assert.Null(await registry.RemoveAsync(Web, []).WaitAsync(Wait, ct));

        Assert.DoesNotContain(await registry.ListAsync(), s => s.Collection == Web);

        // Nor does /metrics show it any longer (it showed it idle for ever, and an alert on that state with it).
        Assert.DoesNotContain("host=\"dataform\"", PrometheusText.Write(cluster.SiloServices.GetRequiredService<LadMetrics>()), StringComparison.Ordinal);

        // The collection's shared poll, left with no host to tell, is gone rather than scanning it for nobody.
        await Eventually.WaitAsync(() => PollsAsync(cluster, Web), n => n == 0, Wait, n => $"{n} shared polls of {Web} left");
        var status = await host.GetStatusAsync();
        Assert.Equal(DetectorPhase.Idle, status.Phase);

        // A start after the removal (a starter's pass, a keep-alive) is refused, as for any host no longer registered.
        await host.StartAsync();
        Assert.Equal(DetectorPhase.Idle, (await host.GetStatusAsync()).Phase);

        // Added again, the host detects: the activation the status call above woke without a source takes the new one,
        // and shows in /metrics again, threshold included.
        await registry.AddAsync(Web, ["dataform"], WebTarget);
        await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase == DetectorPhase.Detecting, Wait, s => $"{s.Phase}");
        Assert.Contains("aiops_lad_threshold{source=\"web_logs\",host=\"dataform\"}",
            PrometheusText.Write(cluster.SiloServices.GetRequiredService<LadMetrics>()), StringComparison.Ordinal);
        await Eventually.WaitAsync(() => PollsAsync(cluster, Web), n => n == 1, Wait, n => $"{n} shared polls of {Web}");
    }

    [Fact]
    public async Task AHostWhoseRemovalWasStoredButNeverCarriedOutIsStoppedByTheNextPass()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("rmp_in"), MongoServerFixture.NewDatabaseName("rmp_out"));
        await new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb)).InsertHistoryAsync(Web, "dataform", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await SourceRegistry.Get(cluster.Grains).AddAsync(Web, ["dataform"], WebTarget);
        var host = cluster.Host(Web, "dataform");
        await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase == DetectorPhase.Detecting, Wait, s => $"{s.Phase}");

        // Stored as a registry on a silo that stopped right after storing the removal leaves it: the host still running.
        var store = cluster.SiloServices.GetRequiredService<DetectorServices>().SourceStore;
        Assert.True(await store.DeleteAsync(Web, TestContext.Current.CancellationToken));

        // The starter's pass (every second in these tests, every 2 minutes by default) stops it.
        await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase == DetectorPhase.Idle, Wait, s => $"{s.Phase}");
        Assert.DoesNotContain("host=\"dataform\"", PrometheusText.Write(cluster.SiloServices.GetRequiredService<LadMetrics>()), StringComparison.Ordinal);
    }

    private static async Task<int> PollsAsync(DaemonCluster cluster, string collection)
    {
        var statistics = await cluster.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Count(s => s.GrainId.Type.ToString() == "collectionpoller" && s.GrainId.Key.ToString() == collection);
    }
}
