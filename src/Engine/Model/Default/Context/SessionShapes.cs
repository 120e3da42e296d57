using System.Runtime.InteropServices;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The template-count vectors ("shapes") training sessions were left in when the history stopped, each with how many
/// sessions had it, so a closed session can be asked whether training ever left a session looking like this one.
/// Sessions cut off by the history's end count too: a state a session is routinely found in is not an odd place to
/// stop. At most <see cref="MaxShapes"/> shapes are kept (the most common); the rest count as unseen.
/// </summary>
internal sealed class SessionShapes
{
    public const int MaxShapes = 4096;

    private readonly Dictionary<string, long> _counts;

    private SessionShapes(Dictionary<string, long> counts, long sessions)
    {
        _counts = counts;
        Sessions = sessions;
    }

    public static SessionShapes Empty { get; } = new(new Dictionary<string, long>(StringComparer.Ordinal), 0);

    /// <summary>Training sessions counted.</summary>
    public long Sessions { get; }

    /// <summary>The shapes (<see cref="ContextState.ShapeKeyChars"/>) of <paramref name="sessions"/>.</summary>
    public static SessionShapes From(IEnumerable<ContextState> sessions)
    {
        var all = new Dictionary<string, long>(StringComparer.Ordinal);
        // Counted by the shape's chars: a string is made once per distinct shape, not once per session.
        var byChars = all.GetAlternateLookup<ReadOnlySpan<char>>();
        long total = 0;
        foreach (var session in sessions)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(byChars, session.ShapeKeyChars(), out _)++;
            total++;
        }

        var kept = all.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(MaxShapes)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new SessionShapes(kept, total);
    }

    /// <summary>Training sessions left with exactly the template counts of <paramref name="session"/>.</summary>
    public long CountOf(ContextState session) =>
        _counts.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(session.ShapeKeyChars(), out var count) ? count : 0;

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(Sessions);
        writer.Write(_counts.Count);
        foreach (var (key, count) in _counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(count);
        }
    }

    public static SessionShapes ReadFrom(ModelReader reader)
    {
        var sessions = reader.ReadInt64();
        var count = reader.ReadCount("session shapes", 9);
        if (sessions < 0 || count > MaxShapes)
        {
            throw new ModelFormatException($"model file: {count} session shapes over {sessions} sessions is invalid");
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString("session shape");
            var sessionsWithIt = reader.ReadInt64();
            sum += sessionsWithIt;
            if (sessionsWithIt < 1 || sum > sessions || !counts.TryAdd(key, sessionsWithIt))
            {
                throw new ModelFormatException($"model file: session shape {i + 1} is repeated or its count {sessionsWithIt} is invalid");
            }
        }

        return new SessionShapes(counts, sessions);
    }
}
