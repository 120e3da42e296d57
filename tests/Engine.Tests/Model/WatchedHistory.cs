using Lad.Engine.Model;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model;

/// <summary>Yields copies of the lines made as they are read, and counts how many earlier copies are still alive
/// when the last one is yielded.</summary>
internal sealed class WatchedHistory(IReadOnlyList<LogRecord> lines) : HistorySource
{
    public int Reads { get; private set; }

    public int AliveBeforeLast { get; private set; } = -1;

    public override int Count => lines.Count;

    public override IEnumerable<LogRecord> Read(int from = 0)
    {
        Reads++;
        var yielded = new List<WeakReference<LogRecord>>();
        for (var i = from; i < lines.Count; i++)
        {
            if (i == lines.Count - 1)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                AliveBeforeLast = yielded.Count(w => w.TryGetTarget(out _));
            }

            var copy = lines[i] with { };
            yielded.Add(new WeakReference<LogRecord>(copy));
            yield return copy;
        }
    }
}
