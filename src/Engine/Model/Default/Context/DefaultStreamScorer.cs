using System.Runtime.InteropServices;
using Lad.Engine.Collections;
using Lad.Engine.Parse;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The default model's stream: each line gets the stateless evidence plus context evidence from the line's session
/// (or host stream), judged against what training sessions showed. At most <see cref="Capacity"/> contexts are
/// remembered; the least recently active is forgotten first, so a months-long stream stays bounded.
/// </summary>
internal sealed class DefaultStreamScorer : ILogStreamScorer
{
    /// <summary>Contexts remembered by default: far more sessions than are open at once on one host.</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>
    /// How many idle limits a judged session stays silent before its context is forgotten (see <see cref="Close"/>):
    /// twenty times the longest pauses training saw after its last step, a pause none of its sessions came near.
    /// </summary>
    public const int ForgottenAfterIdleLimits = 10;

    private readonly HostProfile _profile;
    private readonly ContextProfile _context;
    private readonly LineThresholds _thresholds;
    private readonly SessionEndProfile _endings;
    private readonly double _closingThreshold;
    private readonly LruMap<ContextKey, ContextState> _states;
    private readonly IAcceptedValues? _accepted;
    private readonly Func<int, string> _textOf;
    private LivePauses? _pauses;
    private long _position;

    public DefaultStreamScorer(
        HostProfile profile, ContextProfile context, LineThresholds thresholds, SessionEndProfile endings, double closingThreshold, int capacity,
        IAcceptedValues? accepted = null)
        : this(profile, context, thresholds, endings, closingThreshold, new LruMap<ContextKey, ContextState>(capacity), 0, accepted)
    {
    }

    /// <summary>
    /// A scorer that goes on from <paramref name="observed"/>, the contexts of <paramref name="position"/> lines observed
    /// as <see cref="Observe(LogRecord, int)"/> does (training observes before the profile scoring them is complete).
    /// </summary>
    public DefaultStreamScorer(
        HostProfile profile, ContextProfile context, LineThresholds thresholds, SessionEndProfile endings, double closingThreshold,
        LruMap<ContextKey, ContextState> observed, long position, IAcceptedValues? accepted = null)
    {
        _accepted = accepted;
        _profile = profile;
        _context = context;
        _thresholds = thresholds;
        _endings = endings;
        _closingThreshold = closingThreshold;
        _states = observed;
        _position = position;
        _textOf = profile.TextOf;
    }

    public int Capacity => _states.Capacity;

    /// <summary>How many sessions and host streams are remembered now.</summary>
    public int OpenContexts => _states.Count;

    public AnomalyVerdict Score(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var assessment = Assess(record);
        return DefaultModel.Verdict(assessment, _thresholds.For(assessment));
    }

    /// <summary>
    /// As <see cref="Score"/>, building the verdict (assessment, evidence, reasons) only for a line above the threshold:
    /// a line that stays normal makes no string and, in a context already open, allocates nothing.
    /// </summary>
    public AnomalyVerdict? ScoreAnomaly(LogRecord record, out double score, out double threshold)
    {
        ArgumentNullException.ThrowIfNull(record);
        var weighed = _profile.Weigh(record, _accepted);
        var templateId = weighed.TemplateId;
        (var key, var process, var state, _, score, _) = InContext(record, weighed);
        threshold = _thresholds.For(weighed.TemplateId, weighed.TemplateFrequency, weighed.LevelBeyondHistory);
        AnomalyVerdict? verdict = null;
        if (score > threshold)
        {
            // Weighed again with reasons, before the line joins its context, so the finding is the one just scored.
            var assessment = _profile.Assess(record, _accepted);
            verdict = DefaultModel.Verdict(
                _context.Assess(state, key.IsSession, process, templateId, _textOf, explain: true) is { } found
                    ? assessment.With(EvidenceKind.Context, found.Value, found.Reason)
                    : assessment,
                threshold);
        }

        Continue(key, state, templateId, process);
        return verdict;
    }

    public void Observe(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Observe(record, _profile.TemplateIdOf(record));
    }

    /// <summary>
    /// As <see cref="ILogStreamScorer.ObserveHistory"/>: a line of a session not to come is counted in the stream's
    /// positions (sessions' pauses and idle time are counted in lines of the whole stream) but neither matched nor
    /// remembered, since no verdict reads that session's state. Host streams are always remembered. That holds only
    /// while the stream forgets nothing (which sessions are forgotten depends on every session), so when the sessions
    /// of the history and those to come may not all fit, every line is observed.
    /// </summary>
    public void ObserveHistory(IEnumerable<LogRecord> history, IReadOnlySet<string> sessionsToCome)
    {
        var lines = history as IReadOnlyList<LogRecord> ?? history.ToList();
        // Counted by name, sessions and host streams apart: string keys hash with the runtime's fast ordinal hash,
        // where a set of keys hashed every history line's session name the randomised way (a tenth of `lad eval`'s
        // scoring time on HDFS_2pct). Each history line's session is looked up once, which both counts it and says
        // whether it is to come (a second lookup per line was a sixth of the time this took).
        var sessions = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var session in sessionsToCome)
        {
            sessions[session] = true;
        }

        var hosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in _states.OldestFirst())
        {
            if (key.IsSession)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sessions, key.Name, out _);
            }
            else
            {
                hosts.Add(key.Name);
            }
        }

        var toCome = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var record = lines[i];
            if (record.Session is { } session)
            {
                toCome[i] = CollectionsMarshal.GetValueRefOrAddDefault(sessions, session, out _);
            }
            else
            {
                hosts.Add(record.Host);
                toCome[i] = true;
            }
        }

        var fits = sessions.Count + hosts.Count <= _states.Capacity;
        for (var i = 0; i < lines.Count; i++)
        {
            if (fits && !toCome[i])
            {
                _position++;
            }
            else
            {
                Observe(lines[i]);
            }
        }
    }

    /// <summary>As <see cref="Observe(LogRecord)"/> for a line whose training template is known (see <see cref="HostProfile.TemplateIdOf(LogRecord)"/>).</summary>
    public void Observe(LogRecord record, int templateId) => Observe(_states, record, templateId, _position++);

    /// <summary>
    /// The contexts a stream of at most <paramref name="capacity"/> contexts holds once it observed <paramref name="lines"/>,
    /// each of the training template <paramref name="profile"/> gives it.
    /// </summary>
    public static LruMap<ContextKey, ContextState> Observed(IEnumerable<LogRecord> lines, HostProfile profile, int capacity)
    {
        var observed = new LruMap<ContextKey, ContextState>(capacity);
        var position = 0L;
        foreach (var record in lines)
        {
            Observe(observed, record, profile.TemplateIdOf(record), position++);
        }

        return observed;
    }

    /// <summary>Adds a line of training template <paramref name="templateId"/> at stream position <paramref name="position"/> to its context in <paramref name="states"/>.</summary>
    public static void Observe(LruMap<ContextKey, ContextState> states, LogRecord record, int templateId, long position)
    {
        var key = ContextKey.Of(record);
        StateOf(states, key).Advance(templateId, key.IsSession, position, key.ProcessOf(record));
    }

    public IReadOnlyList<SessionVerdict> CloseIdle(bool explainNormal = false) => Close(all: false).Select(c => Verdict(c, explainNormal)).ToList();

    public IReadOnlyList<SessionVerdict> CloseAll(bool explainNormal = false) => Close(all: true).Select(c => Verdict(c, explainNormal)).ToList();

    /// <summary>
    /// Judges the sessions silent long enough to be more likely over than paused
    /// (twice the idle limit after their last step: while lines go on, training's or the stream's own, see
    /// <see cref="IdleLimitAfter"/>; at the end of input, training's, on which the closing threshold was calibrated),
    /// oldest first, and reports each once per pause. An unusual
    /// ending's score grows with the silence (<see cref="SessionEndProfile.EndingCertainty"/>), so a session whose
    /// ending is not anomalous yet but could become so waits for a later call; it is reported once its score passes
    /// the closing threshold, or not at all if it resumes. A judged session stays remembered, so a late line continues
    /// it rather than opening an odd new session, until it has been silent <see cref="ForgottenAfterIdleLimits"/> idle
    /// limits: then it is forgotten, so a host keying thousands of sessions a day holds those still going, not its
    /// last <see cref="Capacity"/>. With <paramref name="all"/> (the end of input), every judgeable session is
    /// reported with its score as it stands, and every context is then forgotten; sessions not yet judgeable may have
    /// been cut off, and are not judged.
    /// </summary>
    public IReadOnlyList<SessionClosing> Close(bool all)
    {
        var closed = new List<SessionClosing>();
        List<ContextKey>? over = null;
        foreach (var (key, state) in _states.OldestFirst())
        {
            // The stream's position is one past its last line, so a session's idle count starts at 0.
            var idle = _position - 1 - state.LastPosition;
            if (!key.IsSession)
            {
                continue;
            }

            if (state.JudgedAt == state.LastPosition)
            {
                // Divided rather than multiplied: a template with no pause figures has an endless limit.
                if (idle / ForgottenAfterIdleLimits >= IdleLimitAfter(state.Previous))
                {
                    (over ??= []).Add(key);
                }

                continue;
            }

            // At the end of input, sessions are judged on training's limits, as the closing threshold was calibrated.
            var limit = all ? _endings.IdleLinesAfter(state.Previous) : IdleLimitAfter(state.Previous);
            if (SessionEndProfile.EndingCertainty(idle, limit) < SessionEndProfile.JudgedCertainty)
            {
                continue;
            }

            var finding = _endings.Assess(state.Previous, state, idle, limit);
            var score = SessionClosing.ScoreOf(finding.Value);
            if (!all && score <= _closingThreshold && SessionClosing.ScoreOf(finding.Rarity) > _closingThreshold)
            {
                continue;
            }

            closed.Add(new SessionClosing(key.Name, state.Lines, state.LastPosition, state.Previous, score, finding));
            state.JudgedAt = state.LastPosition;
        }

        if (all)
        {
            _states.Clear();
        }

        // A forgotten session's state is kept for the next new session: a host keying sessions all day then makes no
        // new state once as many are open at once as ever will be.
        foreach (var key in over ?? [])
        {
            _states.Recycle(key);
        }

        return closed;
    }

    private SessionVerdict Verdict(SessionClosing closing, bool explainNormal) => new(
        closing.Session,
        closing.Lines,
        new AnomalyVerdict(
            closing.Score,
            _closingThreshold,
            new Explanation(
                explainNormal || closing.Score > _closingThreshold
                    ? [_endings.Explain(closing.LastTemplate, closing.Lines, closing.Finding, _profile.TextOf)]
                    : [],
                closing.LastTemplate == ContextState.Unknown ? string.Empty : _profile.TextOf(closing.LastTemplate),
                _profile.CountOf(closing.LastTemplate),
                _profile.Lines == 0 ? 0 : (double)_profile.CountOf(closing.LastTemplate) / _profile.Lines,
                null)));

    /// <summary>Assesses a line in its context, then adds it to that context.</summary>
    public LineAssessment Assess(LogRecord record)
    {
        var assessment = _profile.Assess(record, _accepted);
        var key = ContextKey.Of(record);
        var process = key.ProcessOf(record);
        var state = StateOf(key);
        var finding = _context.Assess(state, key.IsSession, process, assessment.TemplateId, _textOf, explain: true);
        Continue(key, state, assessment.TemplateId, process);
        return finding is { } f ? assessment.With(EvidenceKind.Context, f.Value, f.Reason) : assessment;
    }

    /// <summary>
    /// Scores a held-out line of training as <see cref="Assess"/> would, with no reasons: calibration counts every
    /// held-out line, and reasons written for each were most of the cost. <paramref name="tokens"/> are the line's
    /// message tokenised by the profile's miner or one masking alike (training has them at hand).
    /// </summary>
    public HeldOutLine HoldOut(LogRecord record, ReadOnlySpan<LineToken> tokens)
    {
        var weighed = _profile.WeighNamingValues(record, tokens);
        var (key, process, state, inRareContext, score, context) = InContext(record, weighed);
        // Calibration judges its sessions once, at the end of its part, on training's limits: no pause of its own is read.
        state.Advance(weighed.TemplateId, key.IsSession, _position++, process);
        return new HeldOutLine(
            weighed.TemplateId, _profile.TemplateTextOf(weighed, record), score, weighed.TemplateFrequency, weighed.NeverSeenValue,
            inRareContext, weighed.Severity > 0 ? LineAssessment.ContributionOf(EvidenceKind.Severity, weighed.Severity) : 0,
            context, record);
    }

    /// <summary>
    /// The context of a line weighed without reasons, before the line joins it: whether the step is a rare one, the
    /// line's score with it, summed as <see cref="Assess"/> sums it (the weighed score, then the context's share), so
    /// every path agrees on every score, and the context's share.
    /// </summary>
    private (ContextKey Key, ulong Process, ContextState State, bool InRareContext, double Score, double Context) InContext(
        LogRecord record, in WeighedLine weighed)
    {
        var key = ContextKey.Of(record);
        var process = key.ProcessOf(record);
        var state = StateOf(key);
        var finding = _context.Assess(state, key.IsSession, process, weighed.TemplateId, _textOf, explain: false);
        var context = finding is { } f ? LineAssessment.ContributionOf(EvidenceKind.Context, f.Value) : 0;
        return (key, process, state, finding is not null, weighed.Score + context, context);
    }

    /// <summary>
    /// Adds the line to its context, and a session's pause to the stream's own pauses (see <see cref="IdleLimitAfter"/>).
    /// </summary>
    private void Continue(ContextKey key, ContextState state, int templateId, ulong process)
    {
        if (key.IsSession && state.Lines > 0)
        {
            (_pauses ??= new LivePauses()).Record(state.Previous, _position - state.LastPosition);
        }

        state.Advance(templateId, key.IsSession, _position++, process);
    }

    /// <summary>
    /// The idle limit after <paramref name="template"/>: training's, or, where the stream's own sessions pause longer
    /// there (a host busier than in its history spreads a session's lines over more of its lines), the limit its own
    /// pauses give. Pauses are counted in the host's lines, so a history that was quieter than the traffic that
    /// follows would otherwise have every session's pause judged an ending.
    /// </summary>
    private long IdleLimitAfter(int template) =>
        Math.Max(_endings.IdleLinesAfter(template), _pauses?.LimitAfter(template) ?? 0);

    private ContextState StateOf(ContextKey key) => StateOf(_states, key);

    /// <summary>The state of <paramref name="key"/>'s context, opened when new (reusing the state of a context forgotten to make room or once judged and silent).</summary>
    private static ContextState StateOf(LruMap<ContextKey, ContextState> states, ContextKey key) =>
        states.GetOrAdd(key, static forgotten => forgotten?.Reset() ?? new ContextState());
}
