using Lad.Grains.Mongo;
using Orleans.Storage;

namespace Lad.Grains.Storage;

/// <summary>Settings of one named <see cref="MongoGrainStorage"/>.</summary>
public sealed class MongoGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The largest chunk MongoDB's 16 MB document limit comfortably allows.</summary>
    public const int MaxChunkSize = 15 * 1024 * 1024;

    /// <summary>The MongoDB connection string (see <c>MongoConnectionString.From</c>); logged without its password.</summary>
    [RedactMongoCredentials]
    public string ConnectionString { get; set; } = "";

    /// <summary>The PEM certificate authority the server's certificate must chain to (<c>MG_CA_CERT</c>); null: the system's.</summary>
    public string? CaFile { get; set; }

    /// <summary>The database holding grain state.</summary>
    public string DatabaseName { get; set; } = "lad";

    /// <summary>The collection of state heads; chunks go to <c>&lt;CollectionName&gt;.chunks</c>.</summary>
    public string CollectionName { get; set; } = "grainstate";

    /// <summary>Serialised state is split into chunks of at most this many bytes (default 4 MiB).</summary>
    public int ChunkSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How state is turned into bytes; <see cref="MongoGrainStorageExtensions"/> defaults it to Orleans' binary
    /// <see cref="OrleansGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
