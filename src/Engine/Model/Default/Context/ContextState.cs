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

    /// <summary>Counts the line's template and returns how often it has now occurred in this context.</summary>
    public int Advance(int templateId, bool countRepeats)
    {
        Previous = templateId;
        if (!countRepeats)
        {
            return 1;
        }

        var count = Counts.GetValueOrDefault(templateId) + 1;
        Counts[templateId] = count;
        return count;
    }
}
