namespace Lad.Engine.Source;

/// <summary>The lines of one log file parsed with a <see cref="ILineFormat"/>, plus what was skipped.</summary>
/// <param name="Path">The file read.</param>
/// <param name="Lines">The parsed lines in file order.</param>
/// <param name="BlankLines">Empty or whitespace-only lines, skipped.</param>
/// <param name="UnparsedLines">Lines the format skips when they do not fit (custom regex only).</param>
public sealed record LogFile(string Path, IReadOnlyList<LabelledLine> Lines, long BlankLines, long UnparsedLines)
{
    /// <summary>
    /// Reads and parses <paramref name="path"/>. A line that does not fit a strict format throws
    /// <see cref="LogInputFormatException"/> naming the file and line; blank lines are skipped everywhere.
    /// </summary>
    public static LogFile Read(string path, ILineFormat format)
    {
        var lines = new List<LabelledLine>();
        long blank = 0;
        long unparsed = 0;
        foreach (var (number, line) in TextInput.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                blank++;
                continue;
            }

            var parsed = format.Parse(line, out var error);
            if (parsed is not { } fields)
            {
                if (format.SkipsLinesThatDoNotFit)
                {
                    unparsed++;
                    continue;
                }

                throw new LogInputFormatException(path, number, $"not a {format.Name} line: {error}");
            }

            lines.Add(new LabelledLine(new LogRecord(fields.Message, fields.Level), number, fields.IsAnomaly, line, fields.Time));
        }

        return new LogFile(path, lines, blank, unparsed);
    }
}
