using System.Globalization;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>
/// Writes scored items as tab-separated values with a header row: <c>key score margin verdict label reasons</c>. The
/// score and the margin (<see cref="ScoredItem.Margin"/>: the verdict is anomaly exactly where it is above 0, and the
/// oracle F1 sweeps it, since a line's threshold depends on its template) have six decimals (invariant culture); verdict
/// and label are <c>anomaly</c> or <c>normal</c>; reasons are joined with <c> | </c>, strongest first, with tabs and line
/// breaks inside them turned into spaces so every item is one row.
/// </summary>
public static class ScoresFile
{
    /// <summary>The header row.</summary>
    public const string Header = "key\tscore\tmargin\tverdict\tlabel\treasons";

    /// <summary>Writes <paramref name="items"/> in order.</summary>
    public static void Write(TextWriter writer, IEnumerable<ScoredItem> items)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        writer.WriteLine(Header);
        foreach (var item in items)
        {
            writer.Write(Clean(item.Key));
            writer.Write('\t');
            writer.Write(item.Score.ToString("0.000000", CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(item.Margin.ToString("0.000000", CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(item.Flagged ? "anomaly" : "normal");
            writer.Write('\t');
            writer.Write(item.IsAnomaly ? "anomaly" : "normal");
            writer.Write('\t');
            writer.WriteLine(string.Join(" | ", item.Reasons.Select(Clean)));
        }
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
