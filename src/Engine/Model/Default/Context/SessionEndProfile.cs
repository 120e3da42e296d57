using System.Globalization;
using Lad.Engine.Persistence;
using MathNet.Numerics.Statistics;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// How training sessions ended: after each template, how long sessions paused before going on and how often they
/// stopped there instead. Pauses are counted in lines of the whole stream, because a stream need not carry a clock.
/// A session still open near the end of the history is not counted as ended (it may have been cut off), so the
/// history's end never teaches that sessions stop early. A closed session is judged unusual only when both its
/// last template seldom ended a training session and training left few sessions with its template counts
/// (<see cref="SessionShapes"/>): either alone is routine somewhere (a template that ends sessions mid-way in one
/// workflow, a session shape many sessions pass through).
/// </summary>
internal sealed class SessionEndProfile
{
    private const int PayloadVersion = 1;

    /// <summary>The pause quantile a session must exceed, twice over, before it is taken to have ended.</summary>
    private const double PauseQuantile = 0.99;

    private readonly Dictionary<int, SessionEnding> _endings;
    private readonly SessionShapes _shapes;

    private SessionEndProfile(Dictionary<int, SessionEnding> endings, SessionShapes shapes, long defaultIdleLines)
    {
        _endings = endings;
        _shapes = shapes;
        DefaultIdleLines = defaultIdleLines;
    }

    /// <summary>A profile that knows no session, so it never closes one.</summary>
    public static SessionEndProfile Empty { get; } = new([], SessionShapes.Empty, long.MaxValue);

    /// <summary>The pause after which a session ending on a template training has no figures for is taken to have ended.</summary>
    public long DefaultIdleLines { get; }

    /// <summary>Learns from the history in order; <paramref name="templateIds"/> holds each line's template (or <see cref="ContextState.Unknown"/>).</summary>
    public static SessionEndProfile Learn(IReadOnlyList<LogRecord> history, IReadOnlyList<int> templateIds)
    {
        var learner = new ContextLearner();
        for (var i = 0; i < history.Count; i++)
        {
            learner.Add(history[i], templateIds[i]);
        }

        return learner.CompleteEndings();
    }

    /// <summary>
    /// The profile of a history of <paramref name="lines"/> lines, from each session's last template and position, its
    /// template counts, and the pauses after each template (with where each began).
    /// </summary>
    internal static SessionEndProfile From(
        IReadOnlyCollection<ContextState> sessions, Dictionary<int, List<(int Position, int Pause)>> pauses, int lines)
    {
        if (sessions.Count == 0)
        {
            return Empty;
        }

        var all = new double[pauses.Values.Sum(p => p.Count)];
        var idle = new Dictionary<int, long>(pauses.Count);
        var filled = 0;
        foreach (var (template, list) in pauses)
        {
            var own = new double[list.Count];
            for (var i = 0; i < own.Length; i++)
            {
                own[i] = all[filled++] = list[i].Pause;
            }

            idle.Add(template, IdleAfter(own, lines));
        }

        var defaultIdle = IdleAfter(all, lines);
        // An occurrence's outcome is known only if the history went on long enough after it for the session to be
        // judged ended had it stopped there; later occurrences would bias the figures towards "went on".
        bool Known(int template, int position) =>
            EndingCertainty(lines - 1 - position, idle.GetValueOrDefault(template, defaultIdle)) >= JudgedCertainty;
        var ended = new Dictionary<int, long>();
        foreach (var session in sessions)
        {
            if (session.Previous != ContextState.Unknown && Known(session.Previous, (int)session.LastPosition))
            {
                ended[session.Previous] = ended.GetValueOrDefault(session.Previous) + 1;
            }
        }

        var followed = pauses.ToDictionary(p => p.Key, p => (long)p.Value.Count(x => Known(p.Key, x.Position)));
        var endings = idle.Keys.Union(ended.Keys)
            .Where(t => followed.GetValueOrDefault(t) + ended.GetValueOrDefault(t) > 0)
            .ToDictionary(t => t, t => new SessionEnding(idle.GetValueOrDefault(t, defaultIdle), followed.GetValueOrDefault(t), ended.GetValueOrDefault(t)));
        return new SessionEndProfile(endings, SessionShapes.From(sessions), defaultIdle);
    }

    /// <summary>The idle limit after the template: the pause beyond which a session may have ended there (see <see cref="EndingCertainty"/>).</summary>
    public long IdleLinesAfter(int template) =>
        _endings.TryGetValue(template, out var ending) ? ending.IdleLines : DefaultIdleLines;

    /// <summary>
    /// How unusual it is for a session to stop after <paramref name="template"/>, in [0, 1]; a session ending on a
    /// template training has no figures for gives 0 (its lines were judged as they came). The rarity of the ending is
    /// weighed by how sure the silence makes it that the session ended at all (<see cref="EndingCertainty"/>): just
    /// past the idle limit a session may only be pausing unusually long. The sentence behind it is written apart
    /// (<see cref="Explain"/>), only for the endings a caller reports: most sessions end as training's did.
    /// </summary>
    /// <param name="template">The session's last template.</param>
    /// <param name="session">The session.</param>
    /// <param name="idleLines">The host's lines since the session's last.</param>
    /// <param name="idleLimit">The idle limit after <paramref name="template"/>: <see cref="IdleLinesAfter"/>, or longer
    /// where a stream's own sessions paused longer.</param>
    public ClosingFinding Assess(int template, ContextState session, long idleLines, long idleLimit)
    {
        if (!_endings.TryGetValue(template, out var ending))
        {
            return new ClosingFinding(0, 0, false, 0, idleLines, idleLimit);
        }

        var shape = _shapes.CountOf(session);
        // The shape only vetoes: a shape training sessions were routinely left in is a normal place to stop.
        var rareShape = ContextRarity.Of(shape, _shapes.Sessions) > 0;
        var rarity = rareShape ? ContextRarity.Of(ending.Ended, ending.Known) : 0;
        return new ClosingFinding(rarity * EndingCertainty(idleLines, idleLimit), rarity, rareShape, shape, idleLines, idleLimit);
    }

    /// <summary>The sentence behind <paramref name="finding"/>, what <see cref="Assess"/> found for a session of <paramref name="sessionLines"/> lines whose last template is <paramref name="template"/>.</summary>
    /// <param name="template">The session's last template.</param>
    /// <param name="sessionLines">The session's lines.</param>
    /// <param name="finding">What <see cref="Assess"/> found.</param>
    /// <param name="textOf">A template's text.</param>
    public string Explain(int template, long sessionLines, in ClosingFinding finding, Func<int, string> textOf)
    {
        var (idleLines, idleLimit) = (finding.IdleLines, finding.IdleLimit);
        if (!_endings.TryGetValue(template, out var ending))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"session ended after a line training sessions never ended on or went on from (idle {idleLines} lines)");
        }

        var certainty = EndingCertainty(idleLines, idleLimit);
        var longer = idleLimit > ending.IdleLines
            ? string.Create(CultureInfo.InvariantCulture, $", or within {idleLimit / 2} lines since")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"session ended after '{textOf(template)}' (idle {idleLines} lines, {sessionLines} lines in all); {ending.Ended} of {ending.Known} training sessions reaching it ended there (the rest went on within {ending.IdleLines / 2} lines{longer}), and {finding.Shape} of {_shapes.Sessions} were left with the same template counts; idle {(double)idleLines / idleLimit:0.0} times the idle limit, so {certainty:0%} sure it ended");
    }

    /// <summary>
    /// How sure a silence of <paramref name="idleLines"/> makes it that a session stopped rather than paused, given
    /// the idle limit after its last template: 0 up to the limit, then 1 − limit/idle, growing towards 1. A silence
    /// barely past the longest pauses training saw is weak evidence (histories are short and pauses drift); one many
    /// times longer is not. Sessions are judged from <see cref="JudgedCertainty"/> on.
    /// </summary>
    public static double EndingCertainty(long idleLines, long idleLimit) =>
        idleLines <= idleLimit ? 0 : 1 - ((double)idleLimit / idleLines);

    /// <summary>The certainty from which a session's ending is judged: it is more likely over than paused.</summary>
    public const double JudgedCertainty = 0.5;

    /// <summary>Whether a session idle <paramref name="idleLines"/> after <paramref name="template"/> is silent long enough to be judged.</summary>
    public bool IsJudgeable(int template, long idleLines) => EndingCertainty(idleLines, IdleLinesAfter(template)) >= JudgedCertainty;

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(DefaultIdleLines);
        writer.Write(_endings.Count);
        foreach (var (template, ending) in _endings.OrderBy(p => p.Key))
        {
            writer.Write(template);
            ending.WriteTo(writer);
        }

        _shapes.WriteTo(writer);
    }

    /// <summary>Reads a profile written by <see cref="WriteTo"/>; <paramref name="isTemplate"/> tells known template ids.</summary>
    public static SessionEndProfile ReadFrom(ModelReader reader, Func<int, bool> isTemplate)
    {
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"session end profile version {version} is not supported (this build reads {PayloadVersion})");
        }

        var defaultIdle = reader.ReadInt64();
        if (defaultIdle < 1)
        {
            throw new ModelFormatException($"model file: the session idle default {defaultIdle} is not positive");
        }

        var count = reader.ReadCount("session endings", 28);
        var endings = new Dictionary<int, SessionEnding>();
        for (var i = 0; i < count; i++)
        {
            var template = reader.ReadInt32();
            var ending = SessionEnding.ReadFrom(reader, template);
            if (!isTemplate(template) || !endings.TryAdd(template, ending))
            {
                throw new ModelFormatException($"model file: the session ending of template {template} is unknown or repeated");
            }
        }

        var shapes = SessionShapes.ReadFrom(reader);
        return count == 0 && defaultIdle == long.MaxValue ? Empty : new SessionEndProfile(endings, shapes, defaultIdle);
    }

    /// <summary>
    /// Twice the usual longest pause: a session quiet that long has stopped, not paused. Reorders
    /// <paramref name="pauses"/>: the quantile is selected in place, since a history's pauses are one per session line
    /// and sorting them all was a visible share of training.
    /// </summary>
    private static long IdleAfter(double[] pauses, int historyLines)
    {
        if (pauses.Length == 0)
        {
            return historyLines;
        }

        var order = Math.Clamp((int)Math.Ceiling(PauseQuantile * pauses.Length), 1, pauses.Length);
        return 2L * (long)ArrayStatistics.OrderStatisticInplace(pauses, order);
    }
}
