using System.Runtime.InteropServices;

namespace Lad.Engine.Model.Default;

/// <summary>
/// A template's words counted while training, by their numbers in the training's <see cref="WordTable"/>: an integer
/// key per word where a <see cref="ValueCounter"/> hashes the word's chars again in every profile the line feeds. Open-
/// ended past <see cref="ValueCounter.DistinctCap"/> distinct words, as the counter it becomes (<see cref="ToCounter"/>).
/// </summary>
internal sealed class NumberedWordCounts
{
    private readonly Dictionary<int, int> _counts;
    private long _observations;
    private bool _open;

    /// <summary>Counts that start empty.</summary>
    public NumberedWordCounts() => _counts = [];

    private NumberedWordCounts(Dictionary<int, int> counts, long observations, bool open)
    {
        _counts = counts;
        _observations = observations;
        _open = open;
    }

    /// <summary>Counts that go on from where these stand, apart from them.</summary>
    public NumberedWordCounts Copy() => new(new Dictionary<int, int>(_counts), _observations, _open);

    /// <summary>Counts word number <paramref name="id"/>.</summary>
    public void Add(int id)
    {
        _observations++;
        if (_open)
        {
            return;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_counts, id, out _)++;
        if (_counts.Count > ValueCounter.DistinctCap)
        {
            _open = true;
            _counts.Clear();
        }
    }

    /// <summary>The frozen counter that counting the words themselves would have left, their text read from <paramref name="table"/>.</summary>
    public ValueCounter ToCounter(WordTable table) =>
        _open
            ? ValueCounter.OpenEnded(_observations)
            : ValueCounter.Of(_counts.Select(p => (table.WordAt(p.Key), p.Value)));
}
