using MongoDB.Bson;

namespace Lad.Grains.Storage;

/// <summary>The document naming a grain state's current chunk set; replacing it is the atomic commit of a write.</summary>
internal static class StateHead
{
    public const string ETag = "etag";
    public const string ChunkSet = "set";
    public const string ChunkCount = "chunks";
    public const string Length = "length";
    public const string WrittenAt = "written_at";

    public static BsonDocument Create(string key, string etag, string chunkSet, int chunkCount, long length) => new()
    {
        ["_id"] = key,
        [ETag] = etag,
        [ChunkSet] = chunkSet,
        [ChunkCount] = chunkCount,
        [Length] = length,
        [WrittenAt] = DateTime.UtcNow,
    };
}
