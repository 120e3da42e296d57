using System.Globalization;

namespace Lad.Engine.Source.Synthetic;

/// <summary>
/// The text form of a synthetic line: <c>2026-11-24T10:00:00.000Z host program[pid]: LEVEL message</c>, where
/// LEVEL is <c>-</c> for a line without one. Labels live in a sidecar (see <see cref="SyntheticLogFile"/>).
/// </summary>
public static class SyntheticLogFormat
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats one line (without its label).</summary>
    public static string Format(SyntheticLine line) =>
        $"{line.Timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture)} {line.Host} " +
        $"{line.Program}[{line.Pid.ToString(CultureInfo.InvariantCulture)}]: {line.Level ?? "-"} {line.Text}";

    /// <summary>Parses one line; the result is labelled normal. Throws <see cref="FormatException"/> naming the line and field.</summary>
    public static SyntheticLine Parse(string text, int lineNumber)
    {
        var rest = text.AsSpan();
        var timestamp = NextField(ref rest, ' ', lineNumber, "timestamp");
        if (!DateTimeOffset.TryParseExact(timestamp, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time))
        {
            throw Error(lineNumber, "timestamp", $"'{timestamp}' is not of the form 2026-11-24T10:00:00.000Z");
        }

        var host = NextField(ref rest, ' ', lineNumber, "host");
        var tag = NextField(ref rest, ' ', lineNumber, "program[pid]:");
        var open = tag.IndexOf('[');
        if (open < 1 || !tag.EndsWith("]:", StringComparison.Ordinal)
            || !int.TryParse(tag[(open + 1)..^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw Error(lineNumber, "program[pid]:", $"'{tag}' is not of the form program[123]:");
        }

        var space = rest.IndexOf(' ');
        var level = space < 0 ? rest.ToString() : rest[..space].ToString();
        if (level.Length == 0)
        {
            throw Error(lineNumber, "level", "it is missing (use '-' for a line without a level)");
        }

        var message = space < 0 ? string.Empty : rest[(space + 1)..].ToString();
        return new SyntheticLine(time, host, tag[..open], pid, level == "-" ? null : level, message, SyntheticAnomalyKind.None);
    }

    private static string NextField(ref ReadOnlySpan<char> rest, char separator, int lineNumber, string field)
    {
        var end = rest.IndexOf(separator);
        if (end <= 0)
        {
            throw Error(lineNumber, field, "it is missing");
        }

        var value = rest[..end].ToString();
        rest = rest[(end + 1)..];
        return value;
    }

    private static FormatException Error(int lineNumber, string field, string problem) =>
        new($"line {lineNumber}: {field}: {problem}");
}
