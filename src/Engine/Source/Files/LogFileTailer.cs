using System.Text;

namespace Lad.Engine.Source.Files;

/// <summary>Follows a growing log file by path from a stored <see cref="FilePosition"/>: reads complete lines only,
/// finishes a file that was rotated away before starting its successor, and starts over on one that was truncated.</summary>
/// <remarks>A line still being written (no newline yet) is left for a later read. The open handle follows a renamed
/// file, so lines appended to it after a rename rotation are still read; the successor is taken once the old file is read
/// to its end. When a restart finds another file at the path, the stored position's file is looked for at
/// <c>&lt;path&gt;.1</c> (logrotate's and rsyslog's name for the previous file) and finished first. Lines written to a
/// copy-and-truncate rotated file between the last read and the truncation are the one loss no reader of the path can
/// avoid.</remarks>
public sealed class LogFileTailer : ILineSource
{
    private const int ChunkBytes = 64 * 1024;
    private const byte NewLine = (byte)'\n';
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly string _path;
    private FileStream? _file;
    private FilePosition _position;
    private TailChange _pending;

    /// <summary>Creates a tailer of <paramref name="path"/> that goes on from <paramref name="position"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="position">Where an earlier reader stopped; <see cref="FilePosition.Start"/> for a new file.</param>
    public LogFileTailer(string path, FilePosition position)
    {
        _path = path;
        _position = position;
    }

    /// <summary>Where the next read starts.</summary>
    public FilePosition Position => _position;

    /// <summary>Reads up to <paramref name="maxLines"/> complete lines from the position on.</summary>
    /// <param name="maxLines">Most lines to return.</param>
    public TailRead Read(int maxLines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        if (_file is null && !Open())
        {
            return new TailRead([], _position, TailChange.Missing);
        }

        if (_file!.Length < _position.Offset || !_position.Identity.Matches(_file))
        {
            // Copy-and-truncate: the same file, shorter than what was read, or already written past it with new lines.
            Restart(TailChange.Truncated);
        }

        var lines = ReadLines(maxLines);
        if (lines.Count == 0 && _position.Identity.Length == 0)
        {
            // Not one complete line read yet: whatever file holds the path now is where reading starts.
            Reopen();
            lines = ReadLines(maxLines);
        }
        else if (lines.Count == 0 && Successor() is { } successor)
        {
            // The open file is read to its end and another one holds the path: it is finished, go on with the new one.
            _file.Dispose();
            _file = successor;
            Restart(TailChange.Replaced);
            lines = ReadLines(maxLines);
        }

        var change = _pending;
        _pending = TailChange.None;
        return new TailRead(lines, _position, change);
    }

    /// <inheritdoc />
    public void Dispose() => _file?.Dispose();

    private bool Open()
    {
        var current = TryOpen(_path);
        if (current is null)
        {
            return false;
        }

        if (current.Length >= _position.Offset && _position.Identity.Matches(current))
        {
            _file = current;
            return true;
        }

        // Another file holds the path: the stored position's file may live on under the rotated name.
        var rotated = TryOpen(_path + ".1");
        if (rotated is not null && _position.Offset > 0 && rotated.Length >= _position.Offset && _position.Identity.Matches(rotated))
        {
            current.Dispose();
            _file = rotated;
            return true;
        }

        rotated?.Dispose();
        _file = current;
        Restart(current.Length < _position.Offset && _position.Identity.Matches(current) ? TailChange.Truncated : TailChange.Replaced);
        return true;
    }

    private void Reopen()
    {
        if (TryOpen(_path) is { } current)
        {
            _file!.Dispose();
            _file = current;
        }
    }

    private void Restart(TailChange change)
    {
        _position = FilePosition.Start;
        _pending = change;
    }

    // Another file at the path than the one open (renamed or deleted away): its first line differs. A successor starting
    // with the very same first line (time stamp included) would be taken for the same file.
    private FileStream? Successor()
    {
        var candidate = TryOpen(_path);
        if (candidate is null)
        {
            _pending = _pending == TailChange.None ? TailChange.Missing : _pending;
            return null;
        }

        if (_position.Identity.Matches(candidate))
        {
            candidate.Dispose();
            return null;
        }

        return candidate;
    }

    private List<TailedLine> ReadLines(int maxLines)
    {
        var lines = new List<TailedLine>();
        var file = _file!;
        file.Position = _position.Offset;
        var buffer = new byte[ChunkBytes];
        using var pending = new MemoryStream();
        var lineStart = _position.Offset;
        var number = _position.Line;
        var identity = _position.Identity;
        while (lines.Count < maxLines)
        {
            var read = file.Read(buffer);
            if (read == 0)
            {
                break;
            }

            var start = 0;
            for (var i = 0; i < read && lines.Count < maxLines; i++)
            {
                if (buffer[i] != NewLine)
                {
                    continue;
                }

                pending.Write(buffer, start, i + 1 - start);
                var bytes = pending.GetBuffer().AsSpan(0, (int)pending.Length);
                if (lineStart == 0)
                {
                    identity = FileIdentity.Of(bytes);
                }

                number++;
                lines.Add(new TailedLine(Decode(bytes), lineStart, number, identity));
                lineStart += pending.Length;
                pending.SetLength(0);
                start = i + 1;
            }

            if (lines.Count < maxLines)
            {
                pending.Write(buffer, start, read - start);
            }
        }

        _position = new FilePosition(lineStart, number, identity);
        return lines;
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        var end = line.Length - 1;
        if (end > 0 && line[end - 1] == (byte)'\r')
        {
            end--;
        }

        return Utf8.GetString(line[..end]);
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            // Shared with the writer and with rotation (rename, delete), as tail -F is.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
