using Lad.Engine.Model;
using Lad.Engine.Source;
using Microsoft.Win32.SafeHandles;

namespace Lad.Grains.Detection;

/// <summary>
/// A host's training history kept in a temporary file instead of memory: the history's lines are added newest first,
/// as the store's cursor finds the newest window, then lines to learn after them (feedback) are appended, and every
/// read yields them oldest first, the history's then the appended. The file is written in blocks of about
/// <c>blockBytes</c> and read back a block at a time (a history block reversed), so what is in memory is one block,
/// whatever the history's length. The file is deleted when this is disposed (on Linux .NET unlinks it as the handle
/// closes, so a process killed during training leaves it in the temporary folder).
/// </summary>
internal sealed class HistorySpill : HistorySource, IDisposable
{
    /// <summary>The block size a trainer uses: small enough to be nothing beside a model, large enough to read in few calls.</summary>
    public const int DefaultBlockBytes = 64 * 1024;

    /// <summary>
    /// A spill file not written for this long is a killed process's (a training writes its file at the start and then
    /// only reads it), so a new spill deletes it: a silo restarting in a loop must not fill the disk with histories.
    /// Deleting a file another process still reads is harmless where it is allowed (Unix keeps it for the open handle).
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);

    private const string FilePrefix = "lad-history-";
    private const byte HasLevel = 1;
    private const byte HasSession = 2;
    private const byte OtherHost = 4;

    private readonly SafeFileHandle _file;
    private readonly string _host;
    private readonly int _blockBytes;
    private readonly MemoryStream _block = new();
    private readonly BinaryWriter _writer;
    private readonly List<Block> _history = [];
    private readonly List<Block> _appended = [];
    private List<Block> _section;
    private long _length;
    private int _blockLines;
    private DateTime _previous = DateTime.MaxValue;
    private int _appendedCount;
    private bool _sealed;

    /// <summary>Creates the file (in the system's temporary folder unless <paramref name="directory"/> is given).</summary>
    /// <param name="host">The host most lines come from: a line of it does not repeat the name in the file.</param>
    /// <param name="directory">Where to create the file.</param>
    /// <param name="blockBytes">How many bytes of lines a block holds before the next one starts.</param>
    public HistorySpill(string host, string? directory = null, int blockBytes = DefaultBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        _host = host;
        _blockBytes = blockBytes;
        directory ??= Path.GetTempPath();
        SweepStale(directory, DateTime.UtcNow - StaleAfter);
        var path = Path.Combine(directory, $"{FilePrefix}{Guid.NewGuid():N}.tmp");
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        _writer = new BinaryWriter(_block);
        _section = _history;
    }

    /// <summary>Deletes the spill files in <paramref name="directory"/> last written before <paramref name="before"/>; returns how many.</summary>
    public static int SweepStale(string directory, DateTime before)
    {
        var deleted = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles($"{FilePrefix}*.tmp"))
        {
            try
            {
                if (file.LastWriteTimeUtc < before)
                {
                    file.Delete();
                    deleted++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's or a file still held open where that forbids deleting it: not ours to remove.
            }
        }

        return deleted;
    }

    /// <inheritdoc />
    public override int Count => HistoryCount + _appendedCount;

    /// <summary>How many history lines were added.</summary>
    public int HistoryCount { get; private set; }

    /// <summary>Whether the history lines were added newest first by their times (so read back, they are in time order).</summary>
    public bool InTimeOrder { get; private set; } = true;

    /// <summary>Adds a history line, no newer than those added before it as the store reads them (whether their times
    /// agree is <see cref="InTimeOrder"/>).</summary>
    /// <param name="time">The line's time (UTC).</param>
    /// <param name="record">The line.</param>
    public void AddNewestFirst(DateTime time, LogRecord record)
    {
        EnsureWritable();
        if (_section == _appended)
        {
            throw new InvalidOperationException("history lines must all be added before lines are appended");
        }

        InTimeOrder &= time <= _previous;
        _previous = time;
        Write(time, record);
        HistoryCount++;
    }

    /// <summary>Appends a line to read after the whole history.</summary>
    public void Append(LogRecord record)
    {
        EnsureWritable();
        if (_section == _history)
        {
            EndBlock();
            _section = _appended;
        }

        Write(default, record);
        _appendedCount++;
    }

    /// <summary>Ends writing: only reads may follow.</summary>
    public void Seal()
    {
        EndBlock();
        _sealed = true;
    }

    /// <inheritdoc />
    public override IEnumerable<LogRecord> Read(int from = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        return Lines(from).Select(l => l.Record);
    }

    /// <summary>Reads the history lines (not the appended ones), oldest first, with their times.</summary>
    public IEnumerable<(DateTime Time, string Message)> ReadHistoryTimes() =>
        Lines(0).Take(HistoryCount).Select(l => (l.Time, l.Record.Message));

    /// <summary>Deletes the file.</summary>
    public void Dispose()
    {
        _file.Dispose();
        _writer.Dispose();
    }

    private IEnumerable<(DateTime Time, LogRecord Record)> Lines(int from)
    {
        if (!_sealed)
        {
            throw new InvalidOperationException("the history is read only once it is sealed");
        }

        foreach (var block in Enumerable.Reverse(_history).Concat(_appended))
        {
            if (from >= block.Lines)
            {
                from -= block.Lines;
                continue;
            }

            var lines = Decode(block);
            for (var i = from; i < lines.Length; i++)
            {
                yield return lines[block.Reversed ? lines.Length - 1 - i : i];
            }

            from = 0;
        }
    }

    private void EnsureWritable()
    {
        if (_sealed)
        {
            throw new InvalidOperationException("the history is sealed");
        }
    }

    private void Write(DateTime time, LogRecord record)
    {
        var flags = (byte)((record.Level is null ? 0 : HasLevel) | (record.Session is null ? 0 : HasSession) | (record.Host == _host ? 0 : OtherHost));
        _writer.Write(flags);
        _writer.Write(time.ToBinary());
        _writer.Write(record.Message);
        if (record.Level is { } level)
        {
            _writer.Write(level);
        }

        if (record.Session is { } session)
        {
            _writer.Write(session);
        }

        if ((flags & OtherHost) != 0)
        {
            _writer.Write(record.Host);
        }

        _blockLines++;
        if (_block.Length >= _blockBytes)
        {
            EndBlock();
        }
    }

    private void EndBlock()
    {
        if (_blockLines == 0)
        {
            return;
        }

        _writer.Flush();
        RandomAccess.Write(_file, _block.GetBuffer().AsSpan(0, (int)_block.Length), _length);
        _section.Add(new Block(_length, (int)_block.Length, _blockLines, Reversed: _section == _history));
        _length += _block.Length;
        _block.SetLength(0);
        _blockLines = 0;
    }

    private (DateTime Time, LogRecord Record)[] Decode(Block block)
    {
        var bytes = new byte[block.Bytes];
        for (var read = 0; read < bytes.Length;)
        {
            read += RandomAccess.Read(_file, bytes.AsSpan(read), block.Offset + read) is > 0 and var n
                ? n
                : throw new EndOfStreamException("the history file is shorter than what was written to it");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes));
        var lines = new (DateTime, LogRecord)[block.Lines];
        for (var i = 0; i < lines.Length; i++)
        {
            var flags = reader.ReadByte();
            var time = DateTime.FromBinary(reader.ReadInt64());
            var message = reader.ReadString();
            var level = (flags & HasLevel) != 0 ? reader.ReadString() : null;
            var session = (flags & HasSession) != 0 ? reader.ReadString() : null;
            var host = (flags & OtherHost) != 0 ? reader.ReadString() : _host;
            lines[i] = (time, new LogRecord(message, level, host, session));
        }

        return lines;
    }

    private readonly record struct Block(long Offset, int Bytes, int Lines, bool Reversed);
}
