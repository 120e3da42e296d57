using System.IO.Compression;
using System.Text;

namespace Lad.Engine.Source;

/// <summary>Opens text inputs, decompressing gzip transparently (detected by its magic bytes, not the name).</summary>
public static class TextInput
{
    /// <summary>Opens <paramref name="path"/> for reading as UTF-8 text; throws <see cref="FileNotFoundException"/> naming it.</summary>
    public static StreamReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"input file '{path}' does not exist", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> head = stackalloc byte[2];
        var read = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = 0;
        Stream stream = read == 2 && head[0] == 0x1f && head[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    /// <summary>
    /// Reads lines with their 1-based numbers. <see cref="TextReader.ReadLine"/> already treats CRLF as one
    /// line ending; a stray trailing CR (mixed endings) is stripped too.
    /// </summary>
    public static IEnumerable<(long Number, string Line)> ReadLines(string path)
    {
        using var reader = Open(path);
        long number = 0;
        while (ReadLine(reader, path, number + 1) is { } line)
        {
            number++;
            yield return (number, line.EndsWith('\r') ? line[..^1] : line);
        }
    }

    private static string? ReadLine(StreamReader reader, string path, long number)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new LogInputFormatException(path, number, $"the gzip data is corrupt: {e.Message}");
        }
    }
}
