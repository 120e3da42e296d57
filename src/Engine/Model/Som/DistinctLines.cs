using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Som;

/// <summary>
/// A history reduced, in one pass as it is read, to its distinct lines (level and masked text) with how often each
/// came, and the miner that learned it: what the Word2Vec models train on. Memory grows with what is distinct, not
/// with the history.
/// </summary>
internal sealed class DistinctLines
{
    private DistinctLines(TemplateMiner miner, List<LogRecord> examples, List<long> counts, long lines)
    {
        Miner = miner;
        Examples = examples;
        Counts = counts;
        Lines = lines;
    }

    /// <summary>The miner that learned every line.</summary>
    public TemplateMiner Miner { get; }

    /// <summary>The first line of each distinct (level, masked text), in order of first appearance.</summary>
    public List<LogRecord> Examples { get; }

    /// <summary>How many history lines each of <see cref="Examples"/> stands for.</summary>
    public List<long> Counts { get; }

    /// <summary>How many lines were read.</summary>
    public long Lines { get; }

    /// <summary>Reads <paramref name="history"/> once, learning each line before it is masked.</summary>
    public static DistinctLines Learn(IEnumerable<LogRecord> history, CancellationToken cancellationToken)
    {
        var miner = new TemplateMiner();
        var distinct = new Dictionary<(string Level, string Masked), int>();
        var examples = new List<LogRecord>();
        var counts = new List<long>();
        long lines = 0;
        foreach (var record in history)
        {
            if ((lines++ & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            miner.Learn(record.Message);
            var key = (record.Level?.ToUpperInvariant() ?? string.Empty, miner.MaskedText(record.Message));
            if (!distinct.TryGetValue(key, out var index))
            {
                index = examples.Count;
                distinct.Add(key, index);
                examples.Add(record);
                counts.Add(0);
            }

            counts[index]++;
        }

        return new DistinctLines(miner, examples, counts, lines);
    }
}
