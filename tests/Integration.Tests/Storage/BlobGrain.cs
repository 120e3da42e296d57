using System.Security.Cryptography;

namespace Lad.Integration.Tests.Storage;

/// <summary>A grain whose persistent state is a label and a payload of chosen size, stored by the "mongo" provider.</summary>
public interface IBlobGrain : IGrainWithStringKey
{
    Task SetAsync(string label, int sizeBytes);

    Task<BlobSummary> GetAsync();

    Task ClearAsync();

    Task DeactivateAsync();
}

[GenerateSerializer]
public sealed class BlobState
{
    [Id(0)]
    public string Label { get; set; } = "";

    [Id(1)]
    public byte[] Payload { get; set; } = [];
}

/// <summary>What the grain holds, plus which activation answered (so a test can tell a reload from a cache hit).</summary>
[GenerateSerializer]
public sealed record BlobSummary(
    [property: Id(0)] string Label,
    [property: Id(1)] int Length,
    [property: Id(2)] string Sha256,
    [property: Id(3)] bool RecordExists,
    [property: Id(4)] Guid Activation);

public sealed class BlobGrain([PersistentState("blob", StorageClusterFixture.ProviderName)] IPersistentState<BlobState> state)
    : Grain, IBlobGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task SetAsync(string label, int sizeBytes)
    {
        state.State.Label = label;
        state.State.Payload = Pattern(label, sizeBytes);
        await state.WriteStateAsync();
    }

    public Task<BlobSummary> GetAsync() => Task.FromResult(new BlobSummary(
        state.State.Label,
        state.State.Payload.Length,
        Convert.ToHexString(SHA256.HashData(state.State.Payload)),
        state.RecordExists,
        _activation));

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Deterministic, label-dependent bytes, so a test can compute the expected hash.</summary>
    public static byte[] Pattern(string label, int sizeBytes)
    {
        var bytes = new byte[sizeBytes];
        new Random(label.GetHashCode(StringComparison.Ordinal)).NextBytes(bytes);
        return bytes;
    }
}
