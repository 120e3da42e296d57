namespace Lad.Engine.Model.Default.Context;

/// <summary>What one session or host stream has shown so far: its last template and, for sessions, each template's count.</summary>
internal sealed class ContextState
{
    /// <summary>The template id standing for "nothing yet": the first line's transition comes from it.</summary>
    public const int Start = int.MinValue;

    /// <summary>The template id of a line whose template training never saw.</summary>
    public const int Unknown = -1;

    public int Previous { get; private set; } = Start;

    public Dictionary<int, int> Counts { get; } = [];

    /// <summary>The stream position (line count) of the context's last line.</summary>
    public long LastPosition { get; private set; }

    /// <summary>The <see cref="LastPosition"/> at which the session's ending was last judged, or -1: judged once per pause.</summary>
    public long JudgedAt { get; set; } = -1;

    /// <summary>How many lines the context has held.</summary>
    public long Lines { get; private set; }

    /// <summary>Counts the line's template at stream position <paramref name="position"/> (see <see cref="Advance(int, bool)"/>).</summary>
    public int Advance(int templateId, bool countRepeats, long position)
    {
        LastPosition = position;
        return Advance(templateId, countRepeats);
    }

    /// <summary>Counts the line's template and returns how often it has now occurred in this context.</summary>
    public int Advance(int templateId, bool countRepeats)
    {
        Previous = templateId;
        Lines++;
        if (!countRepeats)
        {
            return 1;
        }

        var count = Counts.GetValueOrDefault(templateId) + 1;
        Counts[templateId] = count;
        return count;
    }
}
