namespace Lad.Engine.Source;

/// <summary>An input file (log or labels) has a line that does not fit its format; the message names file and line.</summary>
public sealed class LogInputFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> at <paramref name="lineNumber"/>.</summary>
    public LogInputFormatException(string path, long lineNumber, string problem)
        : base($"{path}, line {lineNumber}: {problem}")
    {
        Path = path;
        LineNumber = lineNumber;
    }

    /// <summary>The file that holds the bad line.</summary>
    public string Path { get; }

    /// <summary>The 1-based number of the bad line.</summary>
    public long LineNumber { get; }
}
