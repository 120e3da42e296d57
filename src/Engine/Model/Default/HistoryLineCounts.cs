using System.Runtime.InteropServices;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// What a profile counts over all of a history's lines whatever their template: how many, how many at each level, and
/// how many lines hold each word (its document frequency, for TF-IDF). Training's calibrating profile is fitted on the
/// first lines of the same history as the final one, so it takes a copy of these counts where its part ends instead of
/// counting every word of those lines again. Words are counted by their numbers in a <see cref="WordTable"/>, which
/// training shares with the template profiles so that each word of a line is hashed once.
/// </summary>
internal sealed class HistoryLineCounts
{
    private readonly WordTable _table;
    // Lines holding each word, by the word's number in the table.
    private long[] _frequency;
    private Dictionary<string, long>? _documentFrequency;

    private HistoryLineCounts(WordTable table, Dictionary<string, long> levels, long[] frequency, long lines)
    {
        _table = table;
        Levels = levels;
        _frequency = frequency;
        Lines = lines;
    }

    /// <summary>No line counted yet; words are numbered by <paramref name="table"/> (a table of their own without one).</summary>
    public HistoryLineCounts(WordTable? table = null)
        : this(table ?? new WordTable(), new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase), new long[64], 0)
    {
    }

    /// <summary>Lines counted.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines per level (case-insensitive), in the order levels first came.</summary>
    public Dictionary<string, long> Levels { get; }

    /// <summary>Lines holding each word, in the order words first came.</summary>
    public IReadOnlyDictionary<string, long> DocumentFrequency => _documentFrequency ??= ByWord();

    /// <summary>Counts one line, whose words <paramref name="words"/> holds.</summary>
    public void Add(LogRecord record, LineWords words)
    {
        Lines++;
        _documentFrequency = null;
        if (words.NumberedBy != _table)
        {
            words.Number(_table);
        }

        if (_frequency.Length < _table.Count)
        {
            Array.Resize(ref _frequency, Math.Max(_frequency.Length * 2, _table.Count));
        }

        for (var w = 0; w < words.Count; w++)
        {
            // A line counts once per word it holds.
            if (!words.IsRepeatedNumber(w))
            {
                _frequency[words.IdAt(w)]++;
            }
        }

        if (record.Level is { Length: > 0 } level)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Levels, level, out _)++;
        }
    }

    /// <summary>The counts as they stand, counting on without them.</summary>
    public HistoryLineCounts Copy() =>
        new(_table, new Dictionary<string, long>(Levels, Levels.Comparer), (long[])_frequency.Clone(), Lines);

    private Dictionary<string, long> ByWord()
    {
        var byWord = new Dictionary<string, long>(StringComparer.Ordinal);
        // Numbers follow the order words first came in the table's lines; a copy taken earlier has none of the later ones.
        for (var id = 0; id < Math.Min(_table.Count, _frequency.Length); id++)
        {
            if (_frequency[id] > 0)
            {
                byWord.Add(_table.WordAt(id), _frequency[id]);
            }
        }

        return byWord;
    }
}
