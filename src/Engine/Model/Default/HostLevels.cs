using System.Collections.Concurrent;
using System.Globalization;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The levels a host's training lines were written at, and what a line's level weighs on that host: its generic
/// severity (<see cref="SeverityScale"/>), softened by how many of the host's lines were at least as severe, and less
/// again on a routine template whose own lines were written at it. Read-only once built.
/// </summary>
internal sealed class HostLevels
{
    private readonly Dictionary<string, long> _counts;
    private readonly long _lines;

    // Each level training saw, by the names lines use, with its place in a template's SeverityKept and its softened
    // severity: one look-up per line tells whether the level is known, what it weighs, and where to read how much of
    // it a known template's line keeps.
    private readonly Dictionary<string, (int Index, double Severity)> _known;

    // The softened severity of the level most lines carry, which every line's score holds.
    private readonly double _usual;

    // The most severe level training saw, on SeverityScale, and how unusual one beyond it is: read for every line whose
    // level training never saw.
    private readonly double _highest;
    private readonly double _beyondSurprise;

    // Reasons by level name as lines write it, for the levels training saw, formatted once.
    private readonly ConcurrentDictionary<string, string> _reasons = new(StringComparer.Ordinal);

    /// <summary>Levels from <paramref name="counts"/> (training lines per level name) of a history of <paramref name="lines"/> lines.</summary>
    public HostLevels(Dictionary<string, long> counts, long lines)
    {
        _counts = counts;
        _lines = lines;
        _known = new Dictionary<string, (int, double)>(counts.Comparer);
        foreach (var level in counts.Keys)
        {
            _known.Add(level, (_known.Count, Softened(level)));
        }

        // Of two levels as common, the first by name, so a loaded model picks the one it was trained with.
        _usual = counts.Count == 0 ? 0
            : _known[counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key].Severity;
        _highest = counts.Count == 0 ? double.PositiveInfinity : counts.Keys.Max(SeverityScale.Of);
        _beyondSurprise = 1 - (1.0 / (counts.Values.Sum() + 2.0));
    }

    /// <summary>Training lines per level name.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Whether training saw <paramref name="level"/>, and then its place and softened severity.</summary>
    public bool TryGet(string level, out (int Index, double Severity) known) => _known.TryGetValue(level, out known);

    /// <summary>
    /// The severity of <paramref name="level"/> on this host: halved where all its lines were at least that severe, since
    /// an ERROR says little on a host that wrote FATAL in half its lines, whether or not it ever wrote ERROR itself.
    /// </summary>
    public double Softened(string level) => SeverityScale.Of(level) * (1 - (0.5 * ShareAtOrAbove(level)));

    /// <summary>
    /// How much of each known level's severity (by its place, see <see cref="TryGet"/>) a line of
    /// <paramref name="template"/> keeps, its rarity set: for a routine template (at least
    /// <see cref="HostProfile.RoutineShare"/> of a history long enough to tell, so its rarity is 0), a level its own lines
    /// were written at or above is its routine, not news: it counts only for the share of the template's lines written
    /// below it, and never for less than the level most of the host's lines carry, which every line's score holds. A
    /// routine template whose every line is an ERROR (a web server's "file not found" for each scanner's probe) otherwise
    /// lifted the bar of every routine line over its own lines' constant severity, above a routine line at INFO with a
    /// value far outside its history. A rare template's level counts in full: a rare WARN is more telling than a rare INFO.
    /// </summary>
    public double[] KeptBy(TemplateProfile template)
    {
        var kept = new double[_known.Count];
        var levels = template.Levels;
        foreach (var (level, (index, weighed)) in _known)
        {
            kept[index] = 1;
            if (template.Rarity > 0 || levels.Observations == 0 || levels.IsOpen || weighed <= _usual)
            {
                continue;
            }

            var severity = SeverityScale.Of(level);
            long atOrAbove = 0;
            foreach (var written in levels.Counted)
            {
                atOrAbove += SeverityScale.Of(written) >= severity ? levels.CountOf(written) : 0;
            }

            kept[index] = Math.Max(1 - ((double)atOrAbove / levels.Observations), _usual / weighed);
        }

        return kept;
    }

    /// <summary>Why a line's <paramref name="level"/> weighs what it does.</summary>
    public string Reason(string level)
    {
        if (_reasons.TryGetValue(level, out var cached))
        {
            return cached;
        }

        var reason = $"level {level} (severity {SeverityScale.Of(level):0.0}, {ShareAtOrAbove(level).ToString("0.##%", CultureInfo.InvariantCulture)} of training lines at it or above)";
        // Bounded: only the level names training saw (in the spellings lines use), never whatever a line calls its level.
        if (_counts.ContainsKey(level) && _reasons.Count < 4 * _counts.Count)
        {
            _reasons.TryAdd(level, reason);
        }

        return reason;
    }

    /// <summary>As <see cref="Reason"/> for a routine template's line that keeps <paramref name="kept"/> of its level.</summary>
    public string RoutineTemplateReason(string level, double kept) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Reason(level)[..^1]}; this routine template's lines were written at it or above in training, so {kept:0.##%} of it counts)");

    /// <summary>Whether <paramref name="level"/>, one training never saw, is more severe than any it saw.</summary>
    public bool IsBeyondHistory(string level) => SeverityScale.Of(level) > _highest;

    /// <summary>How unusual a level beyond the history is: as a value never seen at a place that held the history's every line.</summary>
    public double BeyondHistorySurprise => _beyondSurprise;

    /// <summary>Why a level beyond the history is unusual.</summary>
    public string BeyondHistoryReason(string level) =>
        $"level {level} is more severe than any this host wrote in training ({string.Join(", ", _counts.OrderByDescending(p => p.Value).Select(p => p.Key))})";

    /// <summary>The share of training lines written at a level at least as severe as <paramref name="level"/>.</summary>
    private double ShareAtOrAbove(string level)
    {
        var severity = SeverityScale.Of(level);
        long lines = 0;
        foreach (var (written, count) in _counts)
        {
            lines += SeverityScale.Of(written) >= severity ? count : 0;
        }

        return _lines == 0 ? 0 : (double)lines / _lines;
    }
}
