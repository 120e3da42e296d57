using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Management;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace Lad.Integration.Tests.Mongo;

/// <summary>What a host reads of its stored source: its settings and whether it is still listed, without asking for the
/// source's host list, which every host of a large source would otherwise read whole at every activation and start.</summary>
public class MongoSourceStoreTests(MongoServerFixture server)
{
    private const string Collection = "network_logs";

    [Fact]
    public async Task AHostIsListedOnlyWhileItsStoredSourceNamesIt()
    {
        var (store, _) = await StoreWithAsync(["cumulus", "EXOS-VM"]);
        var token = TestContext.Current.CancellationToken;

        Assert.True(await store.ListsHostAsync(Collection, "EXOS-VM", token));
        Assert.False(await store.ListsHostAsync(Collection, "exos-vm", token));
        Assert.False(await store.ListsHostAsync(Collection, "172.17.18.178", token));
        Assert.False(await store.ListsHostAsync("other_logs", "cumulus", token));

        await store.SaveAsync(new SourceDefinition(Collection, ["cumulus"], "network_anomaly", null, null), token);
        Assert.False(await store.ListsHostAsync(Collection, "EXOS-VM", token));
    }

    [Fact]
    public async Task AHostReadsItsSourcesSettingsWithItselfAsTheOneHost()
    {
        var (store, _) = await StoreWithAsync(["cumulus", "EXOS-VM"]);
        var token = TestContext.Current.CancellationToken;

        var listed = (await store.FindForHostAsync(Collection, "cumulus", token))!;
        Assert.Equal(
            (Collection, "network_anomaly", @"session=(\d+)", (string?)null),
            (listed.Collection, listed.TargetCollection, listed.SessionRegex, listed.MySqlTargetTable));
        Assert.Equal(["cumulus"], listed.Hostnames);

        // A host removed from the source is still woken to be stopped: it gets the settings all the same.
        var removed = await store.FindForHostAsync(Collection, "gone", token);
        Assert.Equal(["gone"], removed!.Hostnames);
        Assert.Equal("network_anomaly", removed.TargetCollection);

        Assert.Null(await store.FindForHostAsync("other_logs", "cumulus", token));
    }

    [Fact]
    public async Task AnUnreadableStoredSourceGivesAHostNothing()
    {
        var (store, database) = await StoreWithAsync(["cumulus"]);
        var token = TestContext.Current.CancellationToken;
        await database.GetCollection<BsonDocument>(MongoSourceStore.CollectionName).InsertOneAsync(
            new BsonDocument { ["_id"] = "broken_logs", ["hostnames"] = new BsonArray { "cumulus" }, ["target_collection"] = 3 },
            cancellationToken: token);

        Assert.Null(await store.FindForHostAsync("broken_logs", "cumulus", token));
    }

    [Fact]
    public async Task NeitherReadAsksForTheHostList()
    {
        var hosts = Enumerable.Range(0, 2000).Select(i => $"host-{i:D4}.example.net").ToList();
        // What is asked of the server: jongodb answers a find with whole documents whatever its projection, a MongoDB
        // server with just what was asked for, so the request is what shows the list stays on the server.
        var finds = new List<BsonDocument>();
        var settings = MongoClientSettings.FromConnectionString(server.ConnectionString);
        settings.ClusterConfigurator = cluster => cluster.Subscribe<CommandStartedEvent>(e =>
        {
            if (e.CommandName == "find")
            {
                lock (finds)
                {
                    finds.Add(e.Command.DeepClone().AsBsonDocument);
                }
            }
        });
        var (seeded, database) = await StoreWithAsync(hosts);
        using var client = new MongoClient(settings);
        var store = new MongoSourceStore(client.GetDatabase(database.DatabaseNamespace.DatabaseName));
        var token = TestContext.Current.CancellationToken;

        Assert.True(await store.ListsHostAsync(Collection, "host-1999.example.net", token));
        Assert.Equal("network_anomaly", (await store.FindForHostAsync(Collection, "host-0001.example.net", token))!.TargetCollection);

        Assert.Collection(
            finds,
            listed =>
            {
                Assert.Contains("\"hostnames\" : \"host-1999.example.net\"", listed["filter"].ToJson(), StringComparison.Ordinal);
                Assert.Equal(new BsonDocument("_id", 1), listed["projection"]);
            },
            found => Assert.Equal(new BsonDocument("hostnames", 0), found["projection"]));

        // The whole source, as the registry and the shared poll read it, still brings every host.
        Assert.Equal(hosts, (await seeded.FindAsync(Collection, token))!.Hostnames);
    }

    private async Task<(MongoSourceStore Store, IMongoDatabase Database)> StoreWithAsync(IReadOnlyList<string> hosts)
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("source_store"));
        var store = new MongoSourceStore(database);
        await store.SaveAsync(new SourceDefinition(Collection, hosts, "network_anomaly", @"session=(\d+)", null), TestContext.Current.CancellationToken);
        return (store, database);
    }
}
