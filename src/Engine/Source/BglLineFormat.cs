namespace Lad.Engine.Source;

/// <summary>
/// BGL (loghub): <c>Label Timestamp Date Node Time NodeRepeat Type Component Level Content</c>. The label is
/// <c>-</c> for normal lines and an alert category otherwise; the level is the 9th field and the message is
/// everything after it (it may be empty: some BGL lines have no content).
/// </summary>
public sealed class BglLineFormat : ILineFormat
{
    private const int LevelField = 8;

    /// <inheritdoc />
    public string Name => "bgl";

    /// <inheritdoc />
    public bool SkipsLinesThatDoNotFit => false;

    /// <inheritdoc />
    public ParsedLine? Parse(string line, out string? error)
    {
        var levelStart = FieldSplitter.FindField(line, LevelField, out var levelLength);
        if (levelStart < 0)
        {
            error = "a BGL line needs at least 9 space-separated fields (Label Timestamp Date Node Time NodeRepeat Type Component Level)";
            return null;
        }

        error = null;
        var labelEnd = line.IndexOf(' ');
        var isNormal = labelEnd == 1 && line[0] == '-';
        var messageStart = Math.Min(line.Length, levelStart + levelLength + 1);
        return new ParsedLine(line[messageStart..].Trim(), line.Substring(levelStart, levelLength), !isNormal);
    }
}
