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

    private readonly HostProfile _profile;
    private readonly ContextProfile _context;
    private readonly double _threshold;
    private readonly LruMap<ContextKey, ContextState> _states;

    public DefaultStreamScorer(HostProfile profile, ContextProfile context, double threshold, int capacity)
    {
        _profile = profile;
        _context = context;
        _threshold = threshold;
        _states = new LruMap<ContextKey, ContextState>(capacity);
    }

    public int Capacity => _states.Capacity;

    /// <summary>How many sessions and host streams are remembered now.</summary>
    public int OpenContexts => _states.Count;

    public AnomalyVerdict Score(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return DefaultModel.Verdict(Assess(record), _threshold);
    }

    public void Observe(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = ContextKey.Of(record);
        _states.GetOrAdd(key, static () => new ContextState()).Advance(_profile.TemplateIdOf(record), key.IsSession);
    }

    /// <summary>Assesses a line in its context, then adds it to that context.</summary>
    public LineAssessment Assess(LogRecord record)
    {
        var assessment = _profile.Assess(record);
        var key = ContextKey.Of(record);
        var state = _states.GetOrAdd(key, static () => new ContextState());
        var finding = _context.Assess(state, key.IsSession, assessment.TemplateId, _profile.TextOf);
        state.Advance(assessment.TemplateId, key.IsSession);
        return finding is { } f ? assessment.With(EvidenceKind.Context, f.Value, f.Reason) : assessment;
    }
}
