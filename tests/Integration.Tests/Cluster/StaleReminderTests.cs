using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Detection;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Core.Internal;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Cluster;

/// <summary>A silo that stored a source's removal and stopped before stopping its hosts leaves their keep-alive
/// reminders behind: the first one to fire wakes a host that finds itself unregistered, which drops the reminder instead
/// of failing to activate at every period for ever.</summary>
public class StaleReminderTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheReminderOfAHostWhoseSourceWasRemovedIsDroppedWhenItNextFires()
    {
        _ = server.Client; // skips when no MongoDB is available
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("sr_in"), MongoServerFixture.NewDatabaseName("sr_out"));
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb);
        var cluster = await MongoDaemonCluster.StartAsync(yaml, 1);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await cluster.Client.GetGrain<ISourceRegistryGrain>(0).AddAsync(Web, ["dataform"], WebTarget);
            var host = cluster.Client.GetGrain<IHostDetectorGrain>(new HostKey(Web, "dataform").ToGrainKey());
            await Eventually.WaitAsync(host.GetStatusAsync, s => s.Phase != DetectorPhase.Idle, Wait, s => $"{s.Phase}");
            var reminders = server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>("orleans_reminders");
            var ofHost = Builders<BsonDocument>.Filter.And(
                Builders<BsonDocument>.Filter.Eq("service", cluster.Options.ServiceId),
                Builders<BsonDocument>.Filter.Regex("grain", new BsonRegularExpression("dataform")));
            await Eventually.WaitAsync(() => reminders.CountDocumentsAsync(ofHost, cancellationToken: ct), n => n == 1, Wait, n => $"{n} reminders");

            // The removal as that silo left it: stored, the host never told (its activation went with the silo).
            var store = cluster.GetSiloServiceProvider().GetRequiredService<DetectorServices>().SourceStore;
            Assert.True(await store.DeleteAsync(Web, ct));
            await host.Cast<IGrainManagementExtension>().DeactivateOnIdle(ct);

            await Eventually.WaitAsync(
                () => reminders.CountDocumentsAsync(ofHost, cancellationToken: ct), n => n == 0, Wait,
                n => $"the removed host's reminder (every {MongoDaemonCluster.KeepAlive}) is still stored");
            Assert.Equal(DetectorPhase.Idle, (await host.GetStatusAsync()).Phase);
        }
        finally
        {
            await cluster.StopAllSilosAsync(ct);
            await cluster.DisposeAsync();
        }
    }
}
