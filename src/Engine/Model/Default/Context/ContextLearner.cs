using System.Globalization;
using System.Runtime.InteropServices;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// Learns a <see cref="ContextProfile"/> one history line at a time, in order, keeping each session's or host
/// stream's state and the transitions seen, never the lines themselves.
/// </summary>
internal sealed class ContextLearner
{
    private readonly Dictionary<ContextKey, ContextState> _states = [];
    private readonly Dictionary<int, ValueCounter> _successors = [];
    private readonly Dictionary<int, ValueCounter> _predecessors = [];
    private long _lines;

    /// <summary>Learns the next line, of training template <paramref name="template"/> (or <see cref="ContextState.Unknown"/>).</summary>
    public void Add(LogRecord record, int template)
    {
        var key = ContextKey.Of(record);
        if (!_states.TryGetValue(key, out var state))
        {
            state = new ContextState();
            _states.Add(key, state);
        }

        // A host stream's steps are taken within the process that wrote the line, where its message names one.
        var process = key.ProcessOf(record);
        var previous = state.PreviousOf(process);
        // A host stream's (or process's) first line in training follows whatever came before the history: no transition.
        if (template != ContextState.Unknown && previous != ContextState.Unknown && (key.IsSession || previous != ContextState.Start))
        {
            if (!_successors.TryGetValue(previous, out var next))
            {
                next = new ValueCounter();
                _successors.Add(previous, next);
            }

            next.Add(Digits(template, stackalloc char[MaxDigits]));
            if (!_predecessors.TryGetValue(template, out var before))
            {
                before = new ValueCounter();
                _predecessors.Add(template, before);
            }

            before.Add(Digits(previous, stackalloc char[MaxDigits]));
        }

        state.Advance(template, key.IsSession, _lines++, process);
    }

    // Template ids are counted as their decimal text, as the profile keeps them; written on the stack, since every
    // history line adds a transition and a string for each was most of what context learning allocated.
    private const int MaxDigits = 11;

    private static ReadOnlySpan<char> Digits(int template, Span<char> buffer)
    {
        template.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        return buffer[..written];
    }

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

        return new ContextProfile(repeats, _successors, _predecessors);
    }
}
