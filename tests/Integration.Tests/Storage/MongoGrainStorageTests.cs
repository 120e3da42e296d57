using Lad.Grains.Storage;
using System.Security.Cryptography;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Storage;

namespace Lad.Integration.Tests.Storage;

/// <summary>What only this provider has (chunked states, crash and race recovery, corruption reports) and grains using it
/// in a silo; the cases every Orleans grain storage must pass are in <see cref="GrainStorageConformance"/>.</summary>
public class MongoGrainStorageTests(StorageClusterFixture fixture) : IClassFixture<StorageClusterFixture>
{
    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IBlobGrain>("roundtrip");
        await grain.SetAsync("hello", 1000);
        var before = await grain.GetAsync();

        await grain.DeactivateAsync();
        var after = await grain.GetAsync();

        Assert.NotEqual(before.Activation, after.Activation);
        Assert.Equal("hello", after.Label);
        Assert.Equal(1000, after.Length);
        Assert.Equal(Hash("hello", 1000), after.Sha256);
        Assert.True(after.RecordExists);
    }

    [Fact]
    public async Task TwentyMegabyteStateIsChunkedAndSurvives()
    {
        const int size = 20_000_000;
        var grain = fixture.Cluster.GrainFactory.GetGrain<IBlobGrain>("big");
        await grain.SetAsync("big", size);
        var key = KeyOf(grain);
        var head = await Heads().Find(Builders<BsonDocument>.Filter.Eq("_id", key)).SingleAsync(TestContext.Current.CancellationToken);

        await grain.DeactivateAsync();
        var after = await grain.GetAsync();

        Assert.Equal(size, after.Length);
        Assert.Equal(Hash("big", size), after.Sha256);
        Assert.Equal(5, head["chunks"].ToInt32()); // just over 20 MB of serialised state in 4 MiB chunks
        Assert.InRange(head["length"].ToInt64(), size, 4L * 5 * 1024 * 1024);
        Assert.Equal(5, await ChunkCountAsync(key));

        await grain.SetAsync("small", 10);

        Assert.Equal(1, await ChunkCountAsync(key)); // the 20 MB chunk set is gone once the head moved on
    }

    [Fact]
    public async Task ClearRemovesTheState()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IBlobGrain>("clear");
        await grain.SetAsync("doomed", 5000);
        var key = KeyOf(grain);

        await grain.ClearAsync();
        await grain.DeactivateAsync();
        var after = await grain.GetAsync();

        Assert.False(after.RecordExists);
        Assert.Equal("", after.Label);
        Assert.Equal(0, after.Length);
        Assert.Equal(0, await Heads().CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("_id", key), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(0, await ChunkCountAsync(key));

        await grain.SetAsync("reborn", 10);
        await grain.DeactivateAsync();
        Assert.Equal("reborn", (await grain.GetAsync()).Label);
    }

    [Fact]
    public async Task WriteInterruptedBeforeTheHeadSwitchLeavesThePreviousState()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IBlobGrain>("interrupted");
        await grain.SetAsync("v1", 100);
        var key = KeyOf(grain);

        // What a crash between "insert new chunks" and "switch head" leaves behind: chunks no head names.
        await Chunks().InsertOneAsync(
            new BsonDocument { ["_id"] = "crashed:0", ["key"] = key, ["set"] = "crashed", ["index"] = 0, ["data"] = new BsonBinaryData(new byte[64]), ["written_at"] = DateTime.UtcNow.AddMinutes(-1) },
            cancellationToken: TestContext.Current.CancellationToken);
        await grain.DeactivateAsync();
        var after = await grain.GetAsync();
        await grain.SetAsync("v2", 100);

        Assert.Equal("v1", after.Label);
        Assert.Equal(Hash("v1", 100), after.Sha256);
        Assert.Equal(1, await ChunkCountAsync(key)); // the next write removed the orphaned chunk
    }

    [Fact]
    public async Task CleanupSparesChunksNewerThanTheWrite()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IBlobGrain>("racing");
        await grain.SetAsync("v1", 100);
        var key = KeyOf(grain);

        // Chunks a racing writer inserts while this write is in flight carry a later time than the write's start.
        await Chunks().InsertOneAsync(
            new BsonDocument { ["_id"] = "racer:0", ["key"] = key, ["set"] = "racer", ["index"] = 0, ["data"] = new BsonBinaryData(new byte[64]), ["written_at"] = DateTime.UtcNow.AddMinutes(1) },
            cancellationToken: TestContext.Current.CancellationToken);
        await grain.SetAsync("v2", 100);

        Assert.Equal(1, await Chunks().CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("set", "racer"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(2, await ChunkCountAsync(key)); // v2's own chunk and the racer's; v1's chunk is gone
    }

    [Fact]
    public async Task MissingChunkIsReportedAsCorruptionNamingTheKey()
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageClusterFixture.ProviderName);
        var grainId = GrainId.Create("blob", "corrupt");
        var state = new GrainState<BlobState>(new BlobState { Label = "x", Payload = new byte[9 * 1024 * 1024] });
        await storage.WriteStateAsync("blob", grainId, state);
        var key = $"{fixture.Cluster.Options.ServiceId}/{grainId}/blob";
        await Chunks().DeleteOneAsync(
            Builders<BsonDocument>.Filter.Eq("key", key) & Builders<BsonDocument>.Filter.Eq("index", 1),
            TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<CorruptGrainStateException>(() => storage.ReadStateAsync("blob", grainId, new GrainState<BlobState>()));

        Assert.Contains(key, error.Message);
        Assert.Contains("chunk 1 is missing", error.Message);
    }

    private static string Hash(string label, int size) => Convert.ToHexString(SHA256.HashData(BlobGrain.Pattern(label, size)));

    private string KeyOf(IBlobGrain grain) => $"{fixture.Cluster.Options.ServiceId}/{grain.GetGrainId()}/blob";

    private IMongoDatabase Database() => fixture.Server.Client.GetDatabase(fixture.DatabaseName);

    private IMongoCollection<BsonDocument> Heads() => Database().GetCollection<BsonDocument>("grainstate");

    private IMongoCollection<BsonDocument> Chunks() => Database().GetCollection<BsonDocument>("grainstate.chunks");

    private Task<long> ChunkCountAsync(string key) =>
        Chunks().CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("key", key), cancellationToken: TestContext.Current.CancellationToken);
}
