using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Lad.Engine.Persistence;

/// <summary>
/// The container every saved engine object uses: magic <c>LADM</c>, format version, the content kind
/// (e.g. <c>miner</c>, <c>default</c>, <c>som</c>), the payload length, a SHA-256 of the payload, then the payload.
/// A wrong magic, a newer version, a truncated file or a checksum mismatch each give a clear
/// <see cref="ModelFormatException"/> before any payload is interpreted.
/// </summary>
public static class ModelFile
{
    /// <summary>The newest container version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "LADM"u8;

    /// <summary>Writes a container holding whatever <paramref name="writePayload"/> writes.</summary>
    public static void Write(Stream destination, string kind, Action<ModelWriter> writePayload)
    {
        using var payload = new MemoryStream();
        var writer = new ModelWriter(payload);
        writePayload(writer);
        writer.Flush();

        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        destination.Write(Magic);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(number, FormatVersion);
        destination.Write(number[..4]);
        var kindBytes = Encoding.UTF8.GetBytes(kind);
        BinaryPrimitives.WriteInt32LittleEndian(number, kindBytes.Length);
        destination.Write(number[..4]);
        destination.Write(kindBytes);
        BinaryPrimitives.WriteInt64LittleEndian(number, body.Length);
        destination.Write(number);
        destination.Write(SHA256.HashData(body));
        destination.Write(body);
    }

    /// <summary>Reads a container's header, checks it, and returns its kind and a reader over the payload.</summary>
    public static (string Kind, ModelReader Payload) Read(Stream source)
    {
        var magic = ReadExactly(source, 4, "magic");
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new ModelFormatException("not a LAD model file (the first bytes are not 'LADM')");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(ReadExactly(source, 4, "format version"));
        if (version > FormatVersion)
        {
            throw new ModelFormatException(
                $"model file format version {version} was written by a newer LAD; this build reads up to version {FormatVersion}");
        }

        if (version < 1)
        {
            throw new ModelFormatException($"model file format version {version} is invalid: the file is corrupt");
        }

        var kindLength = BinaryPrimitives.ReadInt32LittleEndian(ReadExactly(source, 4, "kind length"));
        if (kindLength is < 1 or > 64)
        {
            throw new ModelFormatException($"model file kind length {kindLength} is invalid: the file is corrupt");
        }

        var kind = Encoding.UTF8.GetString(ReadExactly(source, kindLength, "kind"));
        var length = BinaryPrimitives.ReadInt64LittleEndian(ReadExactly(source, 8, "payload length"));
        if (length < 0 || length > int.MaxValue)
        {
            throw new ModelFormatException($"model file payload length {length} is invalid: the file is corrupt");
        }

        var hash = ReadExactly(source, 32, "checksum");
        var body = ReadExactly(source, (int)length, "payload");
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(hash))
        {
            throw new ModelFormatException($"model file ({kind}) fails its checksum: the file is corrupt");
        }

        return (kind, new ModelReader(new MemoryStream(body, writable: false)));
    }

    /// <summary>Reads a container and checks it holds <paramref name="expectedKind"/>.</summary>
    public static ModelReader Read(Stream source, string expectedKind)
    {
        var (kind, payload) = Read(source);
        if (kind != expectedKind)
        {
            throw new ModelFormatException($"model file holds a '{kind}', not a '{expectedKind}'");
        }

        return payload;
    }

    private static byte[] ReadExactly(Stream source, int count, string what)
    {
        var buffer = new byte[count];
        var read = source.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count)
        {
            throw new ModelFormatException($"model file ends inside its {what}: it is truncated");
        }

        return buffer;
    }
}
