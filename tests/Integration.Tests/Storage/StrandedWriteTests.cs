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
        await using var storages = StoragesBehindForwarder.Start(server, "stranded_state");
        var grain = GrainId.Create("stranded", "host");
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "v1" });
        await storages.Stranding.WriteStateAsync(StateName, grain, state, TestContext.Current.CancellationToken);
        var firstETag = state.ETag;

        // The clean-up is the write's only delete command.
        storages.Forwarder.StrandOnRequest("delete\0");
        state.State = new ConformanceState { Text = "v2" };
        await WithDeadlineAsync(token => storages.Stranding.WriteStateAsync(StateName, grain, state, token));

        Assert.True(storages.Forwarder.BytesDropped > 0, "the clean-up was not stranded, so nothing was left waiting");
        Assert.NotEqual(firstETag, state.ETag);
        var stored = new GrainState<ConformanceState>();
        await storages.Reliable.ReadStateAsync(StateName, grain, stored, TestContext.Current.CancellationToken);
        Assert.Equal(("v2", state.ETag), (stored.State?.Text, stored.ETag));
        Assert.Equal(2, await storages.ChunkCountAsync(grain)); // v1's chunk is left behind

        state.State = new ConformanceState { Text = "v3" };
        await storages.Reliable.WriteStateAsync(StateName, grain, state, TestContext.Current.CancellationToken);
        Assert.Equal(1, await storages.ChunkCountAsync(grain));
    }

    [Fact]
    public async Task AClearWhoseChunkRemovalGetsNoReplyEndsWithItsCallersTokenAndTheNextWriteRemovesThem()
    {
        await using var storages = StoragesBehindForwarder.Start(server, "stranded_clear");
        var grain = GrainId.Create("stranded", "cleared");
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "v1" });
        await storages.Stranding.WriteStateAsync(StateName, grain, state, TestContext.Current.CancellationToken);

        // The head's removal names the head collection; the next command naming the chunks' is their removal.
        storages.Forwarder.StrandOnRequest("grainstate.chunks");
        await WithDeadlineAsync(token => storages.Stranding.ClearStateAsync(StateName, grain, state, token));

        Assert.True(storages.Forwarder.BytesDropped > 0, "the chunks' removal was not stranded, so nothing was left waiting");
        Assert.False(state.RecordExists);
        var stored = new GrainState<ConformanceState>();
        await storages.Reliable.ReadStateAsync(StateName, grain, stored, TestContext.Current.CancellationToken);
        Assert.False(stored.RecordExists);
        Assert.Equal(1, await storages.ChunkCountAsync(grain));

        await storages.Reliable.WriteStateAsync(StateName, grain, new GrainState<ConformanceState>(new ConformanceState { Text = "v2" }), TestContext.Current.CancellationToken);
        Assert.Equal(1, await storages.ChunkCountAsync(grain)); // v2's own
    }

    // The caller's token is cancelled after 2 s, as a step deadline would; a call still running a minute later is held.
    private static async Task WithDeadlineAsync(Func<CancellationToken, Task> call)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(2));
        await call(deadline.Token).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    /// <summary>Two storages of one database: one through a forwarder whose connections can be stranded
    /// (<see cref="TcpForwarder.UnwatchedConnectionString"/>), one direct.</summary>
    private sealed class StoragesBehindForwarder(MongoServerFixture server, string database, TcpForwarder forwarder) : IAsyncDisposable
    {
        private readonly MongoClients _clients = new();

        public TcpForwarder Forwarder => forwarder;

        public MongoGrainStorage Stranding => field ??= Create(forwarder.UnwatchedConnectionString);

        public MongoGrainStorage Reliable => field ??= Create(server.ConnectionString);

        public static StoragesBehindForwarder Start(MongoServerFixture server, string name)
        {
            _ = server.Client; // skips when no server is available
            var direct = new MongoUrl(server.ConnectionString).Server;
            return new StoragesBehindForwarder(server, MongoServerFixture.NewDatabaseName(name), new TcpForwarder(direct.Host, direct.Port));
        }

        public Task<long> ChunkCountAsync(GrainId grain) =>
            server.Client.GetDatabase(database).GetCollection<BsonDocument>("grainstate.chunks").CountDocumentsAsync(
                Builders<BsonDocument>.Filter.Eq("key", $"svc/{grain}/{StateName}"), cancellationToken: TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            _clients.Dispose();
            await forwarder.DisposeAsync();
        }

        private MongoGrainStorage Create(string connectionString) =>
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
                _clients,
                NullLogger<MongoGrainStorage>.Instance);
    }
}
