using MongoDB.Bson;

namespace Lad.Grains.Storage;

/// <summary>One slice of a serialised grain state. Chunks are never modified: a write adds a new set.</summary>
internal static class StateChunk
{
    public const string Key = "key";
    public const string ChunkSet = "set";
    public const string Index = "index";
    public const string Data = "data";
    public const string WrittenAt = "written_at";

    public static BsonDocument Create(string key, string chunkSet, int index, ReadOnlyMemory<byte> data, DateTime writtenAt) => new()
    {
        ["_id"] = $"{chunkSet}:{index}",
        [Key] = key,
        [ChunkSet] = chunkSet,
        [Index] = index,
        [Data] = new BsonBinaryData(data.ToArray()),
        [WrittenAt] = writtenAt,
    };
}
