using System.Buffers.Binary;
using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>ObjectIds as positions in time: an ObjectId's 4 leading bytes are its creation second, so the smallest and
/// largest ids of a second bound every id a writer can make in it.</summary>
public static class ObjectIdTime
{
    /// <summary>The smallest ObjectId of the second <paramref name="time"/> falls in (clamped to the ObjectId range).</summary>
    /// <param name="time">A UTC time.</param>
    public static ObjectId EarliestAt(DateTime time) => At(time, 0x00);

    /// <summary>The largest ObjectId of the second <paramref name="time"/> falls in (clamped to the ObjectId range).</summary>
    /// <param name="time">A UTC time.</param>
    public static ObjectId LatestAt(DateTime time) => At(time, 0xFF);

    private static ObjectId At(DateTime time, byte fill)
    {
        var seconds = Math.Clamp((long)Math.Floor((time.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds), 0, uint.MaxValue);
        var bytes = new byte[12];
        bytes.AsSpan(4).Fill(fill);
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)seconds);
        return new ObjectId(bytes);
    }
}
