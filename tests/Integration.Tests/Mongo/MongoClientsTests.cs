using Lad.Grains.Detection;
using Lad.Grains.Mongo;
using Lad.Integration.Tests.Cluster;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Mongo;

/// <summary>A silo's MongoDB providers share one client per server: membership, reminders, grain storage and the
/// detectors of a <c>CLUSTERING: mongo</c> silo hold one, and another connection string or CA file gets its own.</summary>
public class MongoClientsTests(MongoServerFixture server)
{
    [Fact]
    public async Task EveryMongoProviderOfASiloSharesOneClient()
    {
        _ = server.Client; // skips when no MongoDB is available
        var yaml = OneHost(server.ConnectionString, MongoServerFixture.NewDatabaseName("clients_in"), MongoServerFixture.NewDatabaseName("clients_out"));
        var cluster = await MongoDaemonCluster.StartAsync(yaml, 1);
        try
        {
            var services = ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services;
            var clients = services.GetRequiredService<MongoClients>();

            var membership = services.GetRequiredService<IMembershipTable>();
            var reminders = services.GetRequiredService<IReminderTable>();
            var storage = services.GetRequiredKeyedService<IGrainStorage>(DetectorStorage.ProviderName);
            var detectors = services.GetRequiredService<DetectorServices>();
            var ct = TestContext.Current.CancellationToken;

            // Providers take their client at first use: one read through each makes sure every one has.
            var members = await membership.ReadAllAsync(ct);
            await reminders.ReadRows(GrainId.Create("probe", "a"), ct);
            await storage.ReadStateAsync("probe", GrainId.Create("probe", "a"), new GrainState<ProgressState>(), ct);
            await detectors.Mongo.PingAsync(TimeSpan.FromSeconds(30), ct);

            Assert.Equal(
                ["MongoMembershipTable", "MongoReminderTable", "MongoGrainStorage"],
                [membership.GetType().Name, reminders.GetType().Name, storage.GetType().Name]);
            Assert.Single(members.Members);
            Assert.Equal(1, clients.Count);
            Assert.Same(detectors.TargetDatabase.Client, clients.For(server.ConnectionString, null));
        }
        finally
        {
            await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public void AnotherConnectionStringOrCaFileGetsItsOwnClient()
    {
        using var clients = new MongoClients();
        var first = clients.For("mongodb://db-a:27017/", null);

        var again = clients.For("mongodb://db-a:27017/", null);
        var otherServer = clients.For("mongodb://db-b:27017/", null);
        var otherOptions = clients.For("mongodb://db-a:27017/?appName=lad", null);
        // Without TLS the authority is never loaded, so a path that does not exist still names a client of its own.
        var otherAuthority = clients.For("mongodb://db-a:27017/", "/nonexistent/ca.pem");

        Assert.Same(first, again);
        Assert.Equal(4, new HashSet<object>([first, otherServer, otherOptions, otherAuthority], ReferenceEqualityComparer.Instance).Count);
        Assert.Equal("db-b", Assert.Single(otherServer.Settings.Servers).Host);
        Assert.Equal(4, clients.Count);
    }

    [Theory]
    [InlineData("mongodb://db-a:27017/", MongoClients.UnboundedWaitQueue)]
    [InlineData("mongodb://db-a:27017/?maxPoolSize=10", MongoClients.UnboundedWaitQueue)]
    [InlineData("mongodb://db-a:27017/?maxPoolSize=10&waitQueueSize=40", 40)]
    [InlineData("mongodb://db-a:27017/?WAITQUEUESIZE=40", 40)]
    [InlineData("mongodb://db-a:27017/?maxPoolSize=10&waitQueueMultiple=2", 20)]
    public void OperationsWaitForAConnectionUnlessTheConnectionStringLimitsTheQueue(string connectionString, int waitQueue)
    {
        using var clients = new MongoClients();

        var settings = clients.For(connectionString, null).Settings;

#pragma warning disable CS0618 // the driver deprecates the setting but still enforces it
        Assert.Equal(waitQueue, settings.WaitQueueSize);
#pragma warning restore CS0618
    }
}
