using System.Globalization;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The steps training took from (or into) one template, keyed by template id as scoring asks for them: the counter
/// they were learned and saved in keys ids as text, which would cost every line a formatted id and a string hash.
/// Only a closed counter has one (an open-ended one says nothing of single steps).
/// </summary>
internal sealed class TransitionCounts
{
    // The template ids in ascending order beside their counts: a model holds two of these per template, and a hash
    // table each cost about three times the arrays.
    private readonly int[] _templates;
    private readonly int[] _counts;

    private TransitionCounts(int[] templates, int[] counts, long observations, string mostFrequent, double predictability)
    {
        _templates = templates;
        _counts = counts;
        Observations = observations;
        MostFrequent = mostFrequent;
        Predictability = predictability;
    }

    /// <summary>Steps counted.</summary>
    public long Observations { get; }

    /// <summary>The most frequent step's template id, as the counter keys it.</summary>
    public string MostFrequent { get; }

    /// <summary>The share of steps the most frequent one took.</summary>
    public double Predictability { get; }

    /// <summary>The view of a closed <paramref name="counter"/> whose values are template ids.</summary>
    public static TransitionCounts Of(ValueCounter counter)
    {
        var mostFrequent = counter.MostFrequent();
        var steps = counter.TopValues(int.MaxValue)
            .Select(id => (Template: int.Parse(id, NumberStyles.Integer, CultureInfo.InvariantCulture), Count: counter.CountOf(id)))
            .OrderBy(s => s.Template)
            .ToArray();
        return new TransitionCounts(
            steps.Select(s => s.Template).ToArray(),
            steps.Select(s => s.Count).ToArray(),
            counter.Observations,
            mostFrequent,
            (double)counter.CountOf(mostFrequent) / counter.Observations);
    }

    /// <summary>The templates steps went to (or came from), in ascending order.</summary>
    public IEnumerable<int> Steps => _templates;

    /// <summary>Each step's template and count, as the counter they were learned in keys them (the id as text).</summary>
    public IEnumerable<(string Value, int Count)> Counted =>
        _templates.Select((t, i) => (t.ToString(CultureInfo.InvariantCulture), _counts[i]));

    /// <summary>How many steps went to (or came from) <paramref name="template"/>.</summary>
    public int CountOf(int template)
    {
        var at = Array.BinarySearch(_templates, template);
        return at >= 0 ? _counts[at] : 0;
    }
}
