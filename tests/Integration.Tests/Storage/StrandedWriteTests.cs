using Lad.Grains.Mongo;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lad.Integration.Tests.Storage;

/// <summary>A state write or clear whose last step, removing the chunks it replaced, waits for a reply that never comes:
/// it must end when its caller's token is cancelled (a host's step deadline), with the new state stored, and the next
/// write removes the chunks left.</summary>
public class StrandedWriteTests(MongoServerFixture server)
{
    private const string StateName = "state";
    private static readonly ServiceProvider Serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();

    [Fact]
    public async Task AWriteWhoseCleanUpGetsNoReplyEndsWithItsCallersTokenAndTheNextWriteCleansUp()
    {
        _ = server.Client; // skips when no server is available
        var database = MongoServerFixture.NewDatabaseName("stranded_state");
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        using var clients = new MongoClients();
        // No socketTimeoutMS and a monitor that looks every 5 minutes: the driver itself notices nothing.
        var stranding = Create(clients, database, $"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000"
            + "&connectTimeoutMS=1000&serverMonitoringMode=poll&heartbeatFrequencyMS=300000");
        var reliable = Create(clients, database, server.ConnectionString);
        var grain = GrainId.Create("stranded", "host");
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "v1" });
        await stranding.WriteStateAsync(StateName, grain, state, TestContext.Current.CancellationToken);
        var firstETag = state.ETag;

        // The clean-up is the write's only delete command.
        forwarder.StrandOnRequest("delete\0");
        state.State = new ConformanceState { Text = "v2" };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(2));
        await stranding.WriteStateAsync(StateName, grain, state, deadline.Token).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(forwarder.BytesDropped > 0, "the clean-up was not stranded, so nothing was left waiting");
        Assert.NotEqual(firstETag, state.ETag);
        var stored = new GrainState<ConformanceState>();
        await reliable.ReadStateAsync(StateName, grain, stored, TestContext.Current.CancellationToken);
        Assert.Equal(("v2", state.ETag), (stored.State?.Text, stored.ETag));
        var key = $"svc/{grain}/{StateName}";
        Assert.Equal(2, await ChunkCountAsync(database, key)); // v1's chunk is left behind

        state.State = new ConformanceState { Text = "v3" };
        await reliable.WriteStateAsync(StateName, grain, state, TestContext.Current.CancellationToken);
        Assert.Equal(1, await ChunkCountAsync(database, key));
    }

    [Fact]
    public async Task AClearWhoseChunkRemovalGetsNoReplyEndsWithItsCallersTokenAndTheNextWriteRemovesThem()
    {
        _ = server.Client; // skips when no server is available
        var database = MongoServerFixture.NewDatabaseName("stranded_clear");
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        using var clients = new MongoClients();
        var stranding = Create(clients, database, $"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000"
            + "&connectTimeoutMS=1000&serverMonitoringMode=poll&heartbeatFrequencyMS=300000");
        var reliable = Create(clients, database, server.ConnectionString);
        var grain = GrainId.Create("stranded", "cleared");
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "v1" });
        await stranding.WriteStateAsync(StateName, grain, state, TestContext.Current.CancellationToken);

        // The head's removal names the head collection; the next command naming the chunks' is their removal.
        forwarder.StrandOnRequest("grainstate.chunks");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(2));
        await stranding.ClearStateAsync(StateName, grain, state, deadline.Token).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(forwarder.BytesDropped > 0, "the chunks' removal was not stranded, so nothing was left waiting");
        Assert.False(state.RecordExists);
        var stored = new GrainState<ConformanceState>();
        await reliable.ReadStateAsync(StateName, grain, stored, TestContext.Current.CancellationToken);
        Assert.False(stored.RecordExists);
        var key = $"svc/{grain}/{StateName}";
        Assert.Equal(1, await ChunkCountAsync(database, key));

        await reliable.WriteStateAsync(StateName, grain, new GrainState<ConformanceState>(new ConformanceState { Text = "v2" }), TestContext.Current.CancellationToken);
        Assert.Equal(1, await ChunkCountAsync(database, key)); // v2's own
    }

    private Task<long> ChunkCountAsync(string database, string key) =>
        server.Client.GetDatabase(database).GetCollection<BsonDocument>("grainstate.chunks")
            .CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("key", key), cancellationToken: TestContext.Current.CancellationToken);

    private static MongoGrainStorage Create(MongoClients clients, string database, string connectionString) =>
        new(
            "stranded",
            new MongoGrainStorageOptions
            {
                ConnectionString = connectionString,
                DatabaseName = database,
                GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(Serialization),
            },
            Options.Create(new ClusterOptions { ServiceId = "svc", ClusterId = "c1" }),
            Serialization.GetRequiredService<IActivatorProvider>(),
            clients,
            NullLogger<MongoGrainStorage>.Instance);
}
