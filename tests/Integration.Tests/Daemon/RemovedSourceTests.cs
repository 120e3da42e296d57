using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Integration.Tests.Fixtures;
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
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var ct = TestContext.Current.CancellationToken;
        var registry = SourceRegistry.Get(cluster.Grains);
        await registry.AddAsync(Web, ["dataform"], WebTarget);
        var host = cluster.Host(Web, "dataform");
        await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase != DetectorPhase.Idle, Wait, s => $"{s.Phase}");

        // Deactivated, as by a silo's idle collection or its stop: the removal's stop is what activates it again, and it
        // comes after the source is gone from the store (`lad sources add` then `remove` at once raced the same way).
        await host.Cast<IGrainManagementExtension>().DeactivateOnIdle(ct);
        Assert.Null(await registry.RemoveAsync(Web, []).WaitAsync(Wait, ct));

        Assert.DoesNotContain(await registry.ListAsync(), s => s.Collection == Web);
        var status = await host.GetStatusAsync();
        Assert.Equal((DetectorPhase.Idle, 0L), (status.Phase, status.LinesScored));

        // A start after the removal (a starter's pass, a keep-alive) is refused, as for any host no longer registered.
        await host.StartAsync();
        Assert.Equal(DetectorPhase.Idle, (await host.GetStatusAsync()).Phase);

        // Added again, the host starts: the activation the status call above woke without a source takes the new one.
        await registry.AddAsync(Web, ["dataform"], WebTarget);
        await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase != DetectorPhase.Idle, Wait, s => $"{s.Phase}");
    }
}
