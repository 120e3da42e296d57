using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>ObjectIds stored back to back, 12 bytes each: the compact stored form of a <see cref="ReadingWindow"/>'s ids.</summary>
public static class PackedObjectIds
{
    private const int Size = 12;

    /// <summary>Packs <paramref name="ids"/> in their order.</summary>
    /// <param name="ids">The ids.</param>
    public static byte[] Pack(IReadOnlyCollection<ObjectId> ids)
    {
        var bytes = new byte[ids.Count * Size];
        var offset = 0;
        foreach (var id in ids)
        {
            id.ToByteArray(bytes, offset);
            offset += Size;
        }

        return bytes;
    }

    /// <summary>Unpacks what <see cref="Pack"/> made; null when <paramref name="bytes"/> is not a whole number of ids.</summary>
    /// <param name="bytes">The packed ids.</param>
    public static List<ObjectId>? Unpack(byte[] bytes)
    {
        if (bytes.Length % Size != 0)
        {
            return null;
        }

        var ids = new List<ObjectId>(bytes.Length / Size);
        for (var offset = 0; offset < bytes.Length; offset += Size)
        {
            ids.Add(new ObjectId(bytes.AsSpan(offset, Size).ToArray()));
        }

        return ids;
    }
}
