using System.Globalization;
using System.Runtime.InteropServices;
using Lad.Engine.Collections;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// Learns a <see cref="ContextProfile"/> and a <see cref="SessionEndProfile"/> one history line at a time, in order,
/// keeping each session's or host stream's state, the transitions seen and the pauses within sessions, never the
/// lines themselves.
/// </summary>
internal sealed class ContextLearner
{
    private readonly Dictionary<ContextKey, ContextState> _states = [];
    private readonly List<ContextState> _sessions = [];
    private readonly SessionEndLearner _endings;
    // Every step taken, by StepKey, with how often: one look-up per line. The counters the profile keys by id as text
    // are made once, when it completes.
    private readonly Dictionary<long, int> _steps;
    private long _lines;

    /// <summary>A learner that has seen no line.</summary>
    public ContextLearner()
    {
        _endings = new SessionEndLearner();
        _steps = [];
    }

    private ContextLearner(ContextLearner from)
    {
        _endings = from._endings.Copy();
        _steps = new Dictionary<long, int>(from._steps);
        _lines = from._lines;
        // Sessions are listed in the order they began, each with the state the map holds for it.
        var copies = new Dictionary<ContextState, ContextState>(from._states.Count, ReferenceEqualityComparer.Instance);
        foreach (var (key, state) in from._states)
        {
            var copy = state.Copy();
            _states.Add(key, copy);
            copies.Add(state, copy);
        }

        foreach (var session in from._sessions)
        {
            _sessions.Add(copies[session]);
        }
    }

    /// <summary>A learner that goes on from where this one stands, apart from it (before it completes).</summary>
    public ContextLearner Copy() => new(this);

    /// <summary>Learns the next line, of training template <paramref name="template"/> (or <see cref="ContextState.Unknown"/>).</summary>
    public void Add(LogRecord record, int template)
    {
        var key = ContextKey.Of(record);
        if (!_states.TryGetValue(key, out var state))
        {
            state = new ContextState();
            _states.Add(key, state);
            if (key.IsSession)
            {
                _sessions.Add(state);
            }
        }
        else if (key.IsSession)
        {
            _endings.GoOn(state, _lines);
        }

        // A host stream's steps are taken within the process that wrote the line, where its message names one.
        var process = key.ProcessOf(record);
        var previous = state.PreviousOf(process);
        // A host stream's (or process's) first line in training follows whatever came before the history: no transition.
        if (template != ContextState.Unknown && previous != ContextState.Unknown && (key.IsSession || previous != ContextState.Start))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_steps, ((long)previous << 32) | (uint)template, out _)++;
        }

        state.Advance(template, key.IsSession, _lines++, process);
    }

    // The steps from each template (successors) or into it (predecessors), counted by the other template's id as text.
    private Dictionary<int, ValueCounter> Transitions(bool from) =>
        _steps.GroupBy(p => from ? (int)(p.Key >> 32) : (int)p.Key)
            .ToDictionary(
                g => g.Key,
                g => ValueCounter.Of(g.Select(p => ((from ? (int)p.Key : (int)(p.Key >> 32)).ToString(CultureInfo.InvariantCulture), p.Value))));

    /// <summary>
    /// The contexts as a stream that observed every line added holds them (see <see cref="DefaultStreamScorer.Observe(LruMap{ContextKey, ContextState}, LogRecord, int, long)"/>),
    /// each last used when its last line came; null when there are more than <paramref name="capacity"/>, since that
    /// stream forgot some. For a learner already completed: the states are handed over, and the stream changes them.
    /// </summary>
    public LruMap<ContextKey, ContextState>? StatesAsStream(int capacity)
    {
        if (_states.Count > capacity)
        {
            return null;
        }

        var stream = new LruMap<ContextKey, ContextState>(capacity);
        foreach (var (key, state) in _states.OrderBy(p => p.Value.LastPosition))
        {
            stream.GetOrAdd(key, _ => state);
        }

        return stream;
    }

    /// <summary>How the sessions of every line added ended (see <see cref="SessionEndProfile"/>).</summary>
    public SessionEndProfile CompleteEndings() => _endings.Complete(_sessions, _lines);

    /// <summary>
    /// The profile of every line added. <paramref name="hasEnded"/> tells whether a session whose last line (of the
    /// given template) lies the given number of lines before the history's end had ended; without it every session
    /// counts as ended.
    /// </summary>
    public ContextProfile Complete(Func<int, long, bool>? hasEnded)
    {
        // A session the history's end cut off may hold its templates again: its counts are how far it got, not where it stopped.
        var sessions = new Dictionary<int, List<(int Count, bool Ended)>>();
        foreach (var (key, state) in _states)
        {
            if (!key.IsSession)
            {
                continue;
            }

            var ended = hasEnded is null || hasEnded(state.Previous, _lines - 1 - state.LastPosition);
            foreach (var (template, count) in state.TemplateCounts)
            {
                if (template == ContextState.Unknown)
                {
                    continue;
                }

                if (!sessions.TryGetValue(template, out var counts))
                {
                    sessions.Add(template, counts = []);
                }

                counts.Add((count, ended));
            }
        }

        var repeats = new Dictionary<int, RepeatHistogram>(sessions.Count);
        foreach (var (template, counts) in sessions)
        {
            repeats.Add(template, RepeatHistogram.From(CollectionsMarshal.AsSpan(counts)));
        }

        return new ContextProfile(repeats, Transitions(from: true), Transitions(from: false));
    }
}
