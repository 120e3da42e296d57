namespace Lad.Engine.Source;

/// <summary>
/// BGL (loghub): <c>Label Timestamp Date Node Time NodeRepeat Type Component Level Content</c>. The label is
/// <c>-</c> for normal lines and an alert category otherwise; the level is the 9th field and the message is
/// everything after it (it may be empty: some BGL lines have no content). The label must be <c>-</c> or an
/// upper-case category and the timestamp a number, so a file in another format is rejected at its first line
/// instead of being read as all anomalies.
/// </summary>
public sealed class BglLineFormat : ILineFormat
{
    private const int LevelField = 8;

    private static readonly System.Buffers.SearchValues<char> AlertCategoryChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

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

        var labelEnd = line.IndexOf(' ');
        var label = line.AsSpan(0, labelEnd);
        var isNormal = label is "-";
        if (!isNormal && (label.IsEmpty || !char.IsAsciiLetterUpper(label[0]) || label.ContainsAnyExcept(AlertCategoryChars)))
        {
            error = $"the label '{label}' is neither '-' nor an upper-case alert category";
            return null;
        }

        var timestampStart = FieldSplitter.FindField(line, 1, out var timestampLength);
        if (line.AsSpan(timestampStart, timestampLength).ContainsAnyExceptInRange('0', '9'))
        {
            error = $"the timestamp '{line.Substring(timestampStart, timestampLength)}' is not a number";
            return null;
        }

        error = null;
        var messageStart = Math.Min(line.Length, levelStart + levelLength + 1);
        // The timestamp is Unix seconds; one too large for a date is read as no time rather than refusing the line.
        DateTime? time = long.TryParse(line.AsSpan(timestampStart, timestampLength), out var seconds) && seconds < 253402300800L
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : null;
        return new ParsedLine(line[messageStart..].Trim(), line.Substring(levelStart, levelLength), !isNormal, time);
    }
}
