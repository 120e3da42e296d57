using Lad.Engine.Collections;
using Lad.Engine.Score;
using Lad.Grains.Source;

namespace Lad.Grains.Detection;

/// <summary>The latest line of each open session of a host's stream, so a session judged by how it ended can be
/// reported, and found again, at the line where it stopped.</summary>
/// <remarks>Bounded like the stream's own contexts: a session forgotten here is one the stream forgot too.</remarks>
internal sealed class SessionTails(int capacity)
{
    private readonly LruMap<string, Tail> _tails = new(capacity, StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="polled"/> as its session's latest line (lines without a session are ignored).</summary>
    public void Saw(PolledRecord polled)
    {
        if (polled.Record.Session is { } key)
        {
            _tails.GetOrAdd(key, static () => new Tail()).Last = polled;
        }
    }

    /// <summary>Each anomalous ending among <paramref name="endings"/> with the last line its session had.</summary>
    public IEnumerable<(PolledRecord Last, SessionVerdict Ending)> Anomalous(IEnumerable<SessionVerdict> endings)
    {
        foreach (var ending in endings)
        {
            if (ending.Verdict.IsAnomaly && _tails.TryPeek(ending.Session, out var tail))
            {
                yield return (tail!.Last!, ending);
            }
        }
    }

    private sealed class Tail
    {
        public PolledRecord? Last { get; set; }
    }
}
