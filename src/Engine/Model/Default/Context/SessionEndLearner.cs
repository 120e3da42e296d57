using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// Learns a <see cref="SessionEndProfile"/> one history line at a time, in order: each session's last template and
/// template counts, and every pause within a session (what the profile's idle limits and outcomes are figured from).
/// </summary>
internal sealed class SessionEndLearner
{
    // Each session's last template, position and template counts in one context state: a handful of counts in one
    // short array, where a hash table per session grew two or three times while training.
    private readonly Dictionary<string, ContextState> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<(int Position, int Pause)>> _pauses = [];
    private int _lines;

    /// <summary>Learns the next line, of training template <paramref name="template"/> (or <see cref="ContextState.Unknown"/>).</summary>
    public void Add(LogRecord record, int template)
    {
        var position = _lines++;
        if (record.Session is not { } session)
        {
            return;
        }

        if (!_sessions.TryGetValue(session, out var state))
        {
            state = new ContextState();
            _sessions.Add(session, state);
        }
        else if (state.Previous != ContextState.Unknown)
        {
            if (!_pauses.TryGetValue(state.Previous, out var list))
            {
                list = [];
                _pauses.Add(state.Previous, list);
            }

            list.Add(((int)state.LastPosition, position - (int)state.LastPosition));
        }

        state.Advance(template, countRepeats: true, position);
    }

    /// <summary>The profile of every line added.</summary>
    public SessionEndProfile Complete() => SessionEndProfile.From(_sessions.Values, _pauses, _lines);
}
