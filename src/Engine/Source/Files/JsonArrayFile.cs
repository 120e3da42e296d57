using System.Text;
using System.Text.Json;

namespace Lad.Engine.Source.Files;

/// <summary>A finished export: a file holding one JSON array of documents, read whole. Each document is a "line" whose
/// offset is where it starts and whose number is the line it starts on.</summary>
/// <remarks>An export is not appended to: once read to its end it gives nothing more, unless another export (other
/// first bytes) takes its path, which is then read from its start. A file that is not a JSON array of objects throws a
/// <see cref="LogInputFormatException"/> naming the file and the line.</remarks>
public sealed class JsonArrayFile : ILineSource
{
    private readonly string _path;
    private FilePosition _position;
    private (long Length, DateTime WrittenAt)? _finished;

    /// <summary>Creates the reader of <paramref name="path"/>, going on after <paramref name="position"/>.</summary>
    /// <param name="path">The export.</param>
    /// <param name="position">Where an earlier reader stopped; <see cref="FilePosition.Start"/> for a new file.</param>
    public JsonArrayFile(string path, FilePosition position)
    {
        _path = path;
        _position = position;
    }

    /// <inheritdoc />
    public FilePosition Position => _position;

    /// <inheritdoc />
    public TailRead Read(int maxLines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        if (!File.Exists(_path))
        {
            return new TailRead([], _position, TailChange.Missing);
        }

        // A finished export read to its end is not parsed again until the file changes.
        var info = new FileInfo(_path);
        if (_finished == (info.Length, info.LastWriteTimeUtc))
        {
            return new TailRead([], _position, TailChange.None);
        }

        var bytes = File.ReadAllBytes(_path);
        // Known by its first bytes, not its first line: a pretty-printed export's first line is "[" whatever it holds.
        var identity = FileIdentity.Of(bytes);
        var change = TailChange.None;
        if (_position.Offset > 0 && identity != _position.Identity)
        {
            _position = FilePosition.Start;
            change = TailChange.Replaced;
        }

        var lines = new List<TailedLine>();
        var end = _position.Offset;
        var number = _position.Line;
        foreach (var (start, length, line) in Documents(bytes))
        {
            if (start < _position.Offset)
            {
                continue;
            }

            if (lines.Count == maxLines)
            {
                break;
            }

            lines.Add(new TailedLine(Encoding.UTF8.GetString(bytes, (int)start, length), start, line, identity));
            end = start + length;
            number = line;
        }

        _position = new FilePosition(end, number, identity);
        _finished = lines.Count < maxLines ? (info.Length, info.LastWriteTimeUtc) : null;
        return new TailRead(lines, _position, change);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    // Each element's start, length and line; the whole array is checked first, so a damaged export scores nothing.
    private List<(long Start, int Length, long Line)> Documents(byte[] bytes)
    {
        var documents = new List<(long, int, long)>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw Problem(bytes, reader.TokenStartIndex, "expected a JSON array of documents (or one document per line in a .jsonl/.ndjson file)");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Problem(bytes, start, $"document {documents.Count + 1} of the array is not a JSON object");
                }

                reader.Skip();
                documents.Add((start, (int)(reader.BytesConsumed - start), LineOf(bytes, start)));
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw Problem(bytes, bytes.Length, "the array is not closed (the export is cut short)");
            }
        }
        catch (JsonException e)
        {
            throw new LogInputFormatException(_path, (e.LineNumber ?? 0) + 1, $"not JSON ({e.Message})");
        }

        return documents;
    }

    private LogInputFormatException Problem(byte[] bytes, long offset, string problem) => new(_path, LineOf(bytes, offset), problem);

    private static long LineOf(byte[] bytes, long offset) => bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n') + 1;
}
