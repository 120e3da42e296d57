using Lad.Engine.Source;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// Learns a <see cref="SessionEndProfile"/> one history line at a time, in order: each session's last template and
/// template counts, and every pause within a session (what the profile's idle limits and outcomes are figured from).
/// </summary>
internal sealed class SessionEndLearner
{
    private readonly Dictionary<string, (int Template, int Position)> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<int, int>> _counts = new(StringComparer.Ordinal);
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

        if (_last.TryGetValue(session, out var previous) && previous.Template != ContextState.Unknown)
        {
            if (!_pauses.TryGetValue(previous.Template, out var list))
            {
                list = [];
                _pauses.Add(previous.Template, list);
            }

            list.Add((previous.Position, position - previous.Position));
        }

        _last[session] = (template, position);
        if (!_counts.TryGetValue(session, out var sessionCounts))
        {
            sessionCounts = [];
            _counts.Add(session, sessionCounts);
        }

        sessionCounts[template] = sessionCounts.GetValueOrDefault(template) + 1;
    }

    /// <summary>The profile of every line added.</summary>
    public SessionEndProfile Complete() => SessionEndProfile.From(_last, _counts, _pauses, _lines);
}
