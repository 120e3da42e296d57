using Lad.Engine.Source;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>How to evaluate per session: which regex finds a line's session key and the sessions' labels.</summary>
public sealed class SessionSpec
{
    private readonly SessionKeyPattern _key;

    /// <summary>Compiles <paramref name="keyPattern"/>; an invalid pattern throws <see cref="ArgumentException"/> naming the option.</summary>
    public SessionSpec(string keyPattern, SessionLabels labels)
    {
        _key = SessionKeyPattern.TryCreate(keyPattern, out var key, out var problem)
            ? key!
            : throw new ArgumentException($"--session-regex: {problem}");
        Labels = labels;
    }

    /// <summary>The sessions' ground truth.</summary>
    public SessionLabels Labels { get; }

    /// <summary>The first match of the key regex in <paramref name="rawLine"/>, or null when the line has no key.</summary>
    public string? KeyOf(string rawLine) => _key.KeyOf(rawLine);

    /// <summary>The lines with each record's <see cref="LogRecord.Session"/> set to its key (left null without one).</summary>
    public IReadOnlyList<LabelledLine> Assign(IReadOnlyList<LabelledLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var keyed = new LabelledLine[lines.Count];
        for (var i = 0; i < keyed.Length; i++)
        {
            var line = lines[i];
            keyed[i] = KeyOf(line.RawLine) is { } key ? line with { Record = line.Record with { Session = key } } : line;
        }

        return keyed;
    }
}
