namespace Lad.Integration.Tests.Storage;

/// <summary>A small grain state with value equality, as the storage conformance cases compare states.</summary>
[GenerateSerializer]
public sealed record ConformanceState
{
    [Id(0)]
    public string? Text { get; init; }

    [Id(1)]
    public int Number { get; init; }

    [Id(2)]
    public long Big { get; init; }
}
