using Lad.Engine.Model;

namespace Lad.Engine.Source;

/// <summary>
/// A <see cref="HistorySource"/> that re-reads a log file for every pass instead of holding its lines, so a trainer
/// that streams (the default model's) needs memory for what it learns, not for the history. Lines are parsed as
/// <see cref="LogFile.Read"/> parses them (blank lines skipped, a line that does not fit a strict format refused);
/// with a <see cref="SessionKeyPattern"/>, each line's session is the key the pattern finds in the raw line.
/// </summary>
public sealed class LogFileHistory : HistorySource
{
    private readonly string _path;
    private readonly ILineFormat _format;
    private readonly SessionKeyPattern? _sessions;

    /// <summary>Reads <paramref name="path"/> once to count its lines (and to refuse a file that does not fit the format).</summary>
    /// <exception cref="LogInputFormatException">A line does not fit a strict format (the message names the file and line).</exception>
    public LogFileHistory(string path, ILineFormat format, SessionKeyPattern? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(format);
        _path = path;
        _format = format;
        _sessions = sessions;
        var count = 0;
        foreach (var _ in Parse())
        {
            count++;
        }

        Count = count;
    }

    /// <inheritdoc />
    public override int Count { get; }

    /// <inheritdoc />
    public override IEnumerable<LogRecord> Read(int from = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        return Parse().Skip(from);
    }

    private IEnumerable<LogRecord> Parse()
    {
        foreach (var (number, line) in TextInput.ReadLines(_path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (_format.Parse(line, out var error) is not { } fields)
            {
                if (_format.SkipsLinesThatDoNotFit)
                {
                    continue;
                }

                throw new LogInputFormatException(_path, number, $"not a {_format.Name} line: {error}");
            }

            yield return new LogRecord(fields.Message, fields.Level, Session: _sessions?.KeyOf(line));
        }
    }
}
