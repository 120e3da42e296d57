using Lad.Grains.Storage;
using Lad.Integration.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lad.Integration.Tests.Files;

public sealed class FileGrainStorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lad-filestorage-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly GrainId _grain = GrainId.Create("blob", "host/with:odd chars");

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AStateWrittenIsReadBackByAnotherStorageOverTheSameDirectory()
    {
        var written = new GrainState<BlobState>(new BlobState { Label = "model", Payload = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray() });
        await Storage().WriteStateAsync("models", _grain, written);

        var read = new GrainState<BlobState>(new BlobState());
        await Storage().ReadStateAsync("models", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("model", read.State!.Label);
        Assert.Equal(written.State!.Payload, read.State.Payload);
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task NothingStoredReadsAsAFreshState()
    {
        var read = new GrainState<BlobState>(new BlobState { Label = "stale" });

        await Storage().ReadStateAsync("models", _grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal("", read.State!.Label);
    }

    [Fact]
    public async Task AWriterWithAStaleVersionIsRefused()
    {
        var storage = Storage();
        var first = new GrainState<BlobState>(new BlobState());
        var second = new GrainState<BlobState>(new BlobState());
        await storage.ReadStateAsync("models", _grain, first);
        await storage.ReadStateAsync("models", _grain, second);

        await storage.WriteStateAsync("models", _grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("models", _grain, second));
    }

    [Fact]
    public async Task ADamagedFileIsReportedAsCorruptWithItsVersionSoItCanBeReplaced()
    {
        var storage = Storage();
        var state = new GrainState<BlobState>(new BlobState { Label = "x", Payload = new byte[1000] });
        await storage.WriteStateAsync("models", _grain, state);
        var path = Assert.Single(Directory.GetFiles(_directory));
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[^10] ^= 0xff;
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<CorruptGrainStateException>(() => storage.ReadStateAsync("models", _grain, new GrainState<BlobState>(new BlobState())));
        var replacement = new GrainState<BlobState>(new BlobState()) { ETag = error.StoredETag };
        await storage.WriteStateAsync("models", _grain, replacement);

        Assert.Equal("its bytes do not match their checksum", error.Problem);
        Assert.Equal(state.ETag, error.StoredETag);
    }

    [Fact]
    public void TheValidatorRefusesADirectoryThatCannotBeMade()
    {
        var blocker = Path.Combine(_directory, "a-file");
        File.WriteAllText(blocker, "");
        var options = new FileGrainStorageOptions { Directory = Path.Combine(blocker, "state"), GrainStorageSerializer = Serializer() };

        var error = Assert.Throws<OrleansConfigurationException>(() => new FileGrainStorageOptionsValidator(options, "lad").ValidateConfiguration());

        Assert.Contains("File grain storage 'lad': cannot write in", error.Message, StringComparison.Ordinal);
    }

    private FileGrainStorage Storage() => new(
        "lad",
        new FileGrainStorageOptions { Directory = _directory, GrainStorageSerializer = Serializer() },
        Options.Create(new ClusterOptions { ServiceId = "test" }),
        _services.GetRequiredService<IActivatorProvider>(),
        NullLogger<FileGrainStorage>.Instance);

    private OrleansGrainStorageSerializer Serializer() => new(_services.GetRequiredService<Serializer>());
}
