using Orleans.Storage;

namespace Lad.Grains.Storage;

/// <summary>Settings of one named <see cref="FileGrainStorage"/>.</summary>
public sealed class FileGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The directory holding one file per grain state (created when missing).</summary>
    public string Directory { get; set; } = "";

    /// <summary>How state is turned into bytes; <see cref="FileGrainStorageExtensions"/> defaults it to Orleans' binary
    /// <see cref="OrleansGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
