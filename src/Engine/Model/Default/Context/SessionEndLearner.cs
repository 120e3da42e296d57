namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// Learns a <see cref="SessionEndProfile"/> beside a <see cref="ContextLearner"/>, in history order: every pause within a
/// session, after which template it came and where it began. Each session's last template and template counts (what
/// the profile's outcomes are figured from) are the session states the context learner keeps anyway, so they are read
/// from there rather than kept twice.
/// </summary>
internal sealed class SessionEndLearner
{
    private readonly Dictionary<int, List<(int Position, int Pause)>> _pauses = [];

    /// <summary>A learner that goes on from where this one stands, apart from it.</summary>
    public SessionEndLearner Copy()
    {
        var copy = new SessionEndLearner();
        foreach (var (template, pauses) in _pauses)
        {
            copy._pauses.Add(template, [.. pauses]);
        }

        return copy;
    }

    /// <summary>
    /// Learns that a session in <paramref name="state"/> (before its new line is counted) goes on at stream position
    /// <paramref name="position"/>: the pause since its last line, unless that line's template was unknown.
    /// </summary>
    public void GoOn(ContextState state, long position)
    {
        if (state.Previous == ContextState.Unknown)
        {
            return;
        }

        if (!_pauses.TryGetValue(state.Previous, out var list))
        {
            list = [];
            _pauses.Add(state.Previous, list);
        }

        list.Add(((int)state.LastPosition, (int)(position - state.LastPosition)));
    }

    /// <summary>The profile of a history of <paramref name="lines"/> lines whose sessions its end left as <paramref name="sessions"/> are.</summary>
    public SessionEndProfile Complete(IReadOnlyCollection<ContextState> sessions, long lines) =>
        SessionEndProfile.From(sessions, _pauses, (int)lines);
}
