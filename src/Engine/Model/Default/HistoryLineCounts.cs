using System.Runtime.InteropServices;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// What a profile counts over all of a history's lines whatever their template: how many, how many at each level, and
/// how many lines hold each word (its document frequency, for TF-IDF). Training's calibrating profile is fitted on the
/// first lines of the same history as the final one, so it takes a copy of these counts where its part ends instead of
/// counting every word of those lines again.
/// </summary>
internal sealed class HistoryLineCounts
{
    private HistoryLineCounts(Dictionary<string, long> levels, Dictionary<string, long> documentFrequency, long lines)
    {
        Levels = levels;
        DocumentFrequency = documentFrequency;
        Lines = lines;
    }

    /// <summary>No line counted yet.</summary>
    public HistoryLineCounts()
        : this(new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, long>(StringComparer.Ordinal), 0)
    {
    }

    /// <summary>Lines counted.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines per level (case-insensitive), in the order levels first came.</summary>
    public Dictionary<string, long> Levels { get; }

    /// <summary>Lines holding each word, in the order words first came.</summary>
    public Dictionary<string, long> DocumentFrequency { get; }

    /// <summary>Counts one line, whose words <paramref name="words"/> holds.</summary>
    public void Add(LogRecord record, LineWords words)
    {
        Lines++;
        var frequencyOf = DocumentFrequency.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var w = 0; w < words.Count; w++)
        {
            if (!words.IsRepeat(w))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(frequencyOf, words[w], out _)++;
            }
        }

        if (record.Level is { Length: > 0 } level)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Levels, level, out _)++;
        }
    }

    /// <summary>The counts as they stand, apart from these (which count on); entries keep their order.</summary>
    public HistoryLineCounts Copy() =>
        new(new Dictionary<string, long>(Levels, Levels.Comparer), new Dictionary<string, long>(DocumentFrequency, DocumentFrequency.Comparer), Lines);
}
