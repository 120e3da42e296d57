using Lad.Engine.Source;

namespace Lad.Engine.Model;

/// <summary>A <see cref="HistorySource"/> over lines already in memory.</summary>
internal sealed class ListHistorySource(IReadOnlyList<LogRecord> lines) : HistorySource
{
    public override int Count => lines.Count;

    public override IEnumerable<LogRecord> Read(int from = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        for (var i = from; i < lines.Count; i++)
        {
            yield return lines[i];
        }
    }
}
