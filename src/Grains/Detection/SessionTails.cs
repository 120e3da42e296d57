using Lad.Engine.Collections;
using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Source;

namespace Lad.Grains.Detection;

/// <summary>Keys a host's lines by session (<c>SESSION_REGEX</c>) and remembers each open session's latest line, so a
/// session judged by how it ended can be reported, and found again, at the line where it stopped.</summary>
/// <remarks>A session's line is held only until the stream judges how the session ended: each line holds its whole
/// source document, and a host keying thousands of sessions a day held its last 100,000 (each judged long before)
/// for as long as it ran. A session that goes on after its judgement is remembered again from its next line, which
/// is then its latest. The capacity still bounds sessions never judged (a stream that forgot them first).</remarks>
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

    /// <summary>How many sessions' latest lines are held.</summary>
    public int Remembered => _tails.Count;

    /// <summary>Each anomalous ending among <paramref name="endings"/> with the last line its session had; every
    /// session among them, anomalous or not, is forgotten.</summary>
    public IReadOnlyList<(PolledRecord Last, SessionVerdict Ending)> Ended(IEnumerable<SessionVerdict> endings)
    {
        var anomalous = new List<(PolledRecord, SessionVerdict)>();
        foreach (var ending in endings)
        {
            if (_tails.TryPeek(ending.Session, out var tail))
            {
                _tails.Remove(ending.Session);
                if (ending.Verdict.IsAnomaly)
                {
                    anomalous.Add((tail!.Last!, ending));
                }
            }
        }

        return anomalous;
    }

    private sealed class Tail
    {
        public PolledRecord? Last { get; set; }
    }
}
