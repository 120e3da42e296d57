using System.Globalization;

namespace Lad.Engine.Source;

/// <summary>
/// HDFS (loghub): <c>Date Time Pid Level Component: Content</c>. The level is the 4th field and the message is
/// what follows the component's colon. HDFS lines carry no label (labels are per block, see session mode).
/// </summary>
public sealed class HdfsLineFormat : ILineFormat
{
    private const int LevelField = 3;

    /// <inheritdoc />
    public string Name => "hdfs";

    /// <inheritdoc />
    public bool SkipsLinesThatDoNotFit => false;

    /// <inheritdoc />
    public ParsedLine? Parse(string line, out string? error)
    {
        var levelStart = FieldSplitter.FindField(line, LevelField, out var levelLength);
        var componentStart = FieldSplitter.FindField(line, LevelField + 1, out _);
        if (levelStart < 0 || componentStart < 0)
        {
            error = "an HDFS line needs 'Date Time Pid Level Component: Content'";
            return null;
        }

        var colon = line.IndexOf(": ", componentStart, StringComparison.Ordinal);
        var colonAtEnd = line.EndsWith(':');
        if (colon < 0 && !colonAtEnd)
        {
            error = "an HDFS line needs 'Component: ' before its content (no ': ' after the level field)";
            return null;
        }

        error = null;
        var message = colon < 0 ? string.Empty : line[(colon + 2)..].Trim();
        // Date and time are yyMMdd and HHmmss, local to the cluster; read as UTC, which keeps their order and spacing.
        DateTime? time = DateTime.TryParseExact(
            line.AsSpan(0, Math.Min(line.Length, 13)), "yyMMdd HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;
        return new ParsedLine(message, line.Substring(levelStart, levelLength), null, time);
    }
}
