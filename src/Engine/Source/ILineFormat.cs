namespace Lad.Engine.Source;

/// <summary>Turns one raw log line into a message, an optional level and an optional label.</summary>
public interface ILineFormat
{
    /// <summary>The format's name as given on the command line (<c>bgl</c>, <c>hdfs</c>, <c>plain</c>, <c>regex</c>).</summary>
    string Name { get; }

    /// <summary>
    /// True when a line that does not fit is expected in real files (e.g. continuation lines for a custom regex)
    /// and should be skipped and counted; false when it means the file is not in this format.
    /// </summary>
    bool SkipsLinesThatDoNotFit { get; }

    /// <summary>Parses <paramref name="line"/>; returns null with <paramref name="error"/> set when it does not fit.</summary>
    ParsedLine? Parse(string line, out string? error);
}
