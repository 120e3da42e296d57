namespace Lad.Engine.Source;

/// <summary>The whole line is the message; no level, no label.</summary>
public sealed class PlainLineFormat : ILineFormat
{
    /// <inheritdoc />
    public string Name => "plain";

    /// <inheritdoc />
    public bool SkipsLinesThatDoNotFit => false;

    /// <inheritdoc />
    public ParsedLine? Parse(string line, out string? error)
    {
        error = null;
        return new ParsedLine(line, null, null);
    }
}
