using Lad.Engine.Collections;
using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Source;

namespace Lad.Grains.Detection;

/// <summary>Keys a host's lines by session (<c>SESSION_REGEX</c>) and remembers each open session's latest line, so a
/// session judged by how it ended can be reported, and found again, at the line where it stopped.</summary>
/// <remarks>Bounded like the stream's own contexts: a session forgotten here is one the stream forgot too.</remarks>
/// <param name="pattern">The source's session key pattern.</param>
/// <param name="capacity">How many sessions to remember.</param>
public sealed class SessionTails(SessionKeyPattern pattern, int capacity)
{
    private readonly LruMap<string, Tail> _tails = new(capacity, StringComparer.Ordinal);

    /// <summary><paramref name="read"/> with its session key set, remembered as its session's latest line (a line
    /// without a key is returned as it is).</summary>
    public PolledRecord Keyed(PolledRecord read)
    {
        var keyed = pattern.Assign(read.Record);
        if (keyed.Session is not { } key)
        {
            return read;
        }

        var polled = read with { Record = keyed };
        _tails.GetOrAdd(key, static dropped => dropped ?? new Tail()).Last = polled;
        return polled;
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
