using Lad.Grains.Mongo;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lad.Integration.Tests.Storage;

/// <summary>
/// What Orleans asks of a grain storage (the cases of its grain storage test runner: write and read back, reads of
/// states never written, ETag conflicts on insert and update, a new ETag per write, clear before and after writes,
/// writes after a clear, string, integer and non-Latin keys, parallel writers) run against <see cref="MongoGrainStorage"/>
/// on one server. Chunking and crash recovery, which only this provider has, are in <see cref="MongoGrainStorageTests"/>.
/// </summary>
/// <param name="server">The server the concrete class pins: jongodb, or the real MongoDB of <c>LAD_TEST_MONGODB_URI</c>.</param>
public abstract class GrainStorageConformance(MongoServerFixture server) : IDisposable
{
    private const string StateName = "state";
    private static readonly ServiceProvider Serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private readonly string _database = MongoServerFixture.NewDatabaseName("storage");
    private readonly MongoClients _clients = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Disposes the client the test's storages shared.</summary>
    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task WrittenStateReadsBackWithItsETagUnderStringIntegerAndNonLatinKeys()
    {
        var storage = Create();
        GrainId[] grains =
        [
            GrainId.Create("conformance", $"StringKey-{Guid.NewGuid()}"),
            GrainId.Create(GrainType.Create("conformance"), GrainIdKeyExtensions.CreateIntegerKey(long.MaxValue - 7)),
            GrainId.Create("conformance", "ключ-ü-鍵"),
        ];

        foreach (var (grain, i) in grains.Select((g, i) => (g, i)))
        {
            var written = new GrainState<ConformanceState>(new ConformanceState { Text = $"text {i}", Number = i + 1, Big = long.MinValue + i });
            await storage.WriteStateAsync(StateName, grain, written, Cancel);
            var read = new GrainState<ConformanceState>();
            await storage.ReadStateAsync(StateName, grain, read, Cancel);

            Assert.True(written.RecordExists);
            Assert.False(string.IsNullOrEmpty(written.ETag));
            Assert.Equal(written.ETag, read.ETag);
            Assert.Equal(written.State, read.State);
            Assert.True(read.RecordExists);
        }
    }

    [Fact]
    public async Task StateNeverWrittenReadsAsAFreshStateWithoutRecordOrETag()
    {
        var storage = Create();
        var read = new GrainState<ConformanceState>(new ConformanceState { Text = "left over" }) { ETag = "left over", RecordExists = true };

        await storage.ReadStateAsync(StateName, GrainId.Create("conformance", "never"), read, Cancel);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(new ConformanceState(), read.State);
    }

    [Fact]
    public async Task InsertOverAStoredStateAndUpdateOfAStateNeverStoredAreRefused()
    {
        var storage = Create();
        var grain = GrainId.Create("conformance", "duplicate");
        var first = new GrainState<ConformanceState>(new ConformanceState { Text = "first" });
        await storage.WriteStateAsync(StateName, grain, first, Cancel);

        var secondActivation = new GrainState<ConformanceState>(new ConformanceState { Text = "second" });
        var duplicate = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, secondActivation, Cancel));
        var phantom = new GrainState<ConformanceState>(new ConformanceState { Text = "phantom" }) { ETag = "12345" };
        var absent = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, GrainId.Create("conformance", "absent"), phantom, Cancel));
        var read = new GrainState<ConformanceState>();
        await storage.ReadStateAsync(StateName, grain, read, Cancel);

        Assert.Equal(first.ETag, duplicate.StoredEtag);
        Assert.Equal("", absent.StoredEtag);
        Assert.Equal("12345", absent.CurrentEtag);
        Assert.Equal("first", read.State!.Text);
        Assert.Equal(first.ETag, read.ETag);
        var nothing = new GrainState<ConformanceState>();
        await storage.ReadStateAsync(StateName, GrainId.Create("conformance", "absent"), nothing, Cancel);
        Assert.False(nothing.RecordExists);
    }

    [Fact]
    public async Task ConcurrentWriterIsRefusedByETagUntilItRereads()
    {
        var storage = Create();
        var grain = GrainId.Create("conformance", "etag-conflict");
        var first = new GrainState<ConformanceState>();
        var second = new GrainState<ConformanceState>();
        await storage.ReadStateAsync(StateName, grain, first, Cancel);
        await storage.ReadStateAsync(StateName, grain, second, Cancel);

        first.State = new ConformanceState { Text = "first" };
        await storage.WriteStateAsync(StateName, grain, first, Cancel);
        second.State = new ConformanceState { Text = "second" };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second, Cancel));
        var staleClear = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, second, Cancel));
        var reread = new GrainState<ConformanceState>();
        await storage.ReadStateAsync(StateName, grain, reread, Cancel);

        Assert.NotNull(first.ETag);
        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Equal(first.ETag, staleClear.StoredEtag);
        Assert.Equal("first", reread.State!.Text);
        Assert.Equal(first.ETag, reread.ETag);
        second.ETag = reread.ETag;
        await storage.WriteStateAsync(StateName, grain, second, Cancel);
        Assert.NotEqual(first.ETag, second.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, first, Cancel));
    }

    [Fact]
    public async Task EveryWriteIssuesANewETagEvenWhenTheValuesAreTheSame()
    {
        var storage = Create();
        var grain = GrainId.Create("conformance", "etags");
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "same", Number = 123 });
        var etags = new List<string?>();

        for (var i = 0; i < 4; i++)
        {
            await storage.WriteStateAsync(StateName, grain, state, Cancel);
            etags.Add(state.ETag);
        }

        Assert.All(etags, etag => Assert.False(string.IsNullOrEmpty(etag)));
        Assert.Equal(4, etags.Distinct().Count());
    }

    [Fact]
    public async Task ClearForgetsTheStateAndAWriteAfterItStartsAfresh()
    {
        var storage = Create();
        var grain = GrainId.Create("conformance", "cleared");
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "original", Number = 42, Big = 100 });
        await storage.WriteStateAsync(StateName, grain, state, Cancel);
        var written = state.ETag;

        await storage.ClearStateAsync(StateName, grain, state, Cancel);
        var cleared = state.ETag;
        var afterClear = new GrainState<ConformanceState>();
        await storage.ReadStateAsync(StateName, grain, afterClear, Cancel);
        await storage.ClearStateAsync(StateName, grain, state, Cancel); // clearing again is harmless
        var fresh = new GrainState<ConformanceState>(new ConformanceState()) { ETag = cleared };
        await storage.WriteStateAsync(StateName, grain, fresh, Cancel);
        var reread = new GrainState<ConformanceState>();
        await storage.ReadStateAsync(StateName, grain, reread, Cancel);

        Assert.NotEqual(written, cleared);
        Assert.False(state.RecordExists);
        Assert.NotNull(state.State);
        Assert.False(afterClear.RecordExists);
        Assert.Equal(new ConformanceState(), afterClear.State);
        Assert.True(fresh.RecordExists);
        Assert.NotEqual(cleared, fresh.ETag);
        Assert.True(reread.RecordExists);
        Assert.Equal(new ConformanceState(), reread.State);
        Assert.Equal(fresh.ETag, reread.ETag);
    }

    [Fact]
    public async Task ClearOfAStateNeverWrittenLeavesAFreshState()
    {
        var storage = Create();
        var state = new GrainState<ConformanceState>(new ConformanceState { Text = "unsaved" });

        await storage.ClearStateAsync(StateName, GrainId.Create("conformance", "never-written"), state, Cancel);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(new ConformanceState(), state.State);
    }

    [Fact]
    public async Task ParallelWritersOfManyGrainsEachSeeTheirOwnStateAndNewETags()
    {
        const int grainCount = 24;
        const int writesEach = 5;
        var storage = Create();
        var grains = Enumerable.Range(0, grainCount).Select(i => GrainId.Create("conformance", $"parallel-{i}")).ToArray();

        await Parallel.ForEachAsync(grains, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancel }, async (grain, _) =>
        {
            var state = new GrainState<ConformanceState>();
            for (var write = 1; write <= writesEach; write++)
            {
                var before = state.ETag;
                state.State = new ConformanceState { Text = grain.ToString(), Number = write };
                await storage.WriteStateAsync(StateName, grain, state, Cancel);
                var read = new GrainState<ConformanceState>();
                await storage.ReadStateAsync(StateName, grain, read, Cancel);

                Assert.NotEqual(before, state.ETag);
                Assert.Equal(state.ETag, read.ETag);
                Assert.Equal(state.State, read.State);
            }
        });
    }

    [Fact]
    public async Task KeysStayApartWhenServiceIdsAndStateNamesHoldSlashes()
    {
        var storage = Create("svc/x");
        var neighbour = Create("svc");
        // Pairs that read the same when service id, grain id and state name are joined with '/'.
        var nested = GrainId.Create("blob", "a/b");
        var outer = GrainId.Create("blob", "a");
        var states = new (MongoGrainStorage Storage, string Name, GrainId Grain, string Text)[]
        {
            (storage, "c", nested, "nested"),
            (storage, "b/c", outer, "outer"),
            (neighbour, "c", GrainId.Create("x/blob", "a/b"), "neighbour"),
            (storage, "c%2F", outer, "escaped-looking"),
        };

        foreach (var (owner, name, grain, text) in states)
        {
            await owner.WriteStateAsync(name, grain, new GrainState<ConformanceState>(new ConformanceState { Text = text }), Cancel);
        }

        foreach (var (owner, name, grain, text) in states)
        {
            var read = new GrainState<ConformanceState>();
            await owner.ReadStateAsync(name, grain, read, Cancel);
            Assert.Equal(text, read.State!.Text);
        }
    }

    private MongoGrainStorage Create(string serviceId = "svc")
    {
        _ = server.Client; // skips when no server is available
        var options = new MongoGrainStorageOptions
        {
            ConnectionString = server.ConnectionString,
            DatabaseName = _database,
            GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(Serialization),
        };
        return new MongoGrainStorage(
            "conformance",
            options,
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "c1" }),
            Serialization.GetRequiredService<IActivatorProvider>(),
            _clients,
            NullLogger<MongoGrainStorage>.Instance);
    }
}
