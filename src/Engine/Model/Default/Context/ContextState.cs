using System.Globalization;

namespace Lad.Engine.Model.Default.Context;

/// <summary>What one session or host stream has shown so far: its last template and, for sessions, each template's count.</summary>
internal sealed class ContextState
{
    /// <summary>The template id standing for "nothing yet": the first line's transition comes from it.</summary>
    public const int Start = int.MinValue;

    /// <summary>The template id of a line whose template training never saw.</summary>
    public const int Unknown = -1;

    /// <summary>Room for a session's distinct templates before its counts grow: sessions hold a handful.</summary>
    private const int InitialTemplates = 8;

    private const int MaxSortedOnStack = 64;

    [ThreadStatic]
    private static char[]? _shapeKey;

    // Each template the session held and its count, in first-seen order: a short array searched in order is faster
    // than a hash table for a handful of templates, and a state reused for a new context keeps it.
    private (int Template, int Count)[] _counts = [];
    private int _templates;

    // A host stream's last template per process (ProcessTag), in a few slots chosen by the process: a process whose
    // slot another took since its last line starts afresh, which costs a step that is then not judged, never a wrong
    // one. Bounded, because a host's process ids never stop changing.
    private const int ProcessSlots = 64;
    private (ulong Process, int Template)[]? _processes;

    /// <summary>The template of the context's last line (of any process).</summary>
    public int Previous { get; private set; } = Start;

    /// <summary>
    /// The template of the last line of <paramref name="process"/> (a <see cref="ProcessTag"/>) in this stream, or
    /// <see cref="Start"/> when it has none here; <see cref="Previous"/> for a line naming no process (0).
    /// </summary>
    public int PreviousOf(ulong process)
    {
        if (process == 0)
        {
            return Previous;
        }

        if (_processes is null)
        {
            return Start;
        }

        var slot = _processes[Slot(process)];
        return slot.Process == process ? slot.Template : Start;
    }

    private static int Slot(ulong process) => (int)(process >> 32) & (ProcessSlots - 1);

    /// <summary>The stream position (line count) of the context's last line.</summary>
    public long LastPosition { get; private set; }

    /// <summary>The <see cref="LastPosition"/> at which the session's ending was last judged, or -1: judged once per pause.</summary>
    public long JudgedAt { get; set; } = -1;

    /// <summary>How many lines the context has held.</summary>
    public long Lines { get; private set; }

    /// <summary>How many of the session's lines had template <paramref name="templateId"/> (0 for a host stream).</summary>
    public int CountOf(int templateId)
    {
        var at = IndexOf(templateId);
        return at < 0 ? 0 : _counts[at].Count;
    }

    /// <summary>Each template the session held with its count, in the order the templates first came.</summary>
    public ReadOnlySpan<(int Template, int Count)> TemplateCounts => _counts.AsSpan(0, _templates);

    /// <summary>
    /// The session's shape: its "template:count" pairs in template order, comma-separated (<c>"3:1,7:2"</c>); sessions
    /// left with the same counts share it (see <see cref="SessionShapes"/>). Written in the calling thread's buffer,
    /// valid until the thread asks again: counting the shapes of a history's sessions makes a string only for each
    /// distinct shape.
    /// </summary>
    public ReadOnlySpan<char> ShapeKeyChars()
    {
        // A sorted copy, so the counts keep the first-seen order that makes their search short.
        var pairs = _templates <= MaxSortedOnStack ? stackalloc (int Template, int Count)[_templates] : new (int Template, int Count)[_templates];
        TemplateCounts.CopyTo(pairs);
        pairs.Sort(static (a, b) => a.Template.CompareTo(b.Template));
        var key = _shapeKey ??= new char[64];
        var length = 0;
        foreach (var (template, count) in pairs)
        {
            // A pair is at most two 11-char numbers, a colon and a comma.
            if (key.Length - length < 24)
            {
                Array.Resize(ref key, key.Length * 2);
                _shapeKey = key;
            }

            if (length > 0)
            {
                key[length++] = ',';
            }

            template.TryFormat(key.AsSpan(length), out var written, provider: CultureInfo.InvariantCulture);
            length += written;
            key[length++] = ':';
            count.TryFormat(key.AsSpan(length), out written, provider: CultureInfo.InvariantCulture);
            length += written;
        }

        return key.AsSpan(0, length);
    }

    /// <summary>A state that goes on from where this one stands, apart from it.</summary>
    public ContextState Copy() => new()
    {
        _counts = ((int Template, int Count)[])_counts.Clone(),
        _templates = _templates,
        _processes = ((ulong Process, int Template)[]?)_processes?.Clone(),
        Previous = Previous,
        LastPosition = LastPosition,
        JudgedAt = JudgedAt,
        Lines = Lines,
    };

    /// <summary>
    /// Empties the state for a new context, keeping its storage (a stream that forgets old contexts to make room for
    /// new ones then stops allocating); returns it.
    /// </summary>
    public ContextState Reset()
    {
        Previous = Start;
        if (_processes is not null)
        {
            Array.Clear(_processes);
        }

        _templates = 0;
        LastPosition = 0;
        JudgedAt = -1;
        Lines = 0;
        return this;
    }

    /// <summary>
    /// Counts the line's template at stream position <paramref name="position"/> (see <see cref="Advance(int, bool)"/>),
    /// as the last line of <paramref name="process"/> too (0 for none, see <see cref="PreviousOf"/>).
    /// </summary>
    public int Advance(int templateId, bool countRepeats, long position, ulong process = 0)
    {
        LastPosition = position;
        if (process != 0)
        {
            (_processes ??= new (ulong, int)[ProcessSlots])[Slot(process)] = (process, templateId);
        }

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

        var at = IndexOf(templateId);
        if (at >= 0)
        {
            return ++_counts[at].Count;
        }

        if (_templates == _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(InitialTemplates, _counts.Length * 2));
        }

        _counts[_templates++] = (templateId, 1);
        return 1;
    }

    private int IndexOf(int templateId)
    {
        for (var i = 0; i < _templates; i++)
        {
            if (_counts[i].Template == templateId)
            {
                return i;
            }
        }

        return -1;
    }
}
