using System.Globalization;

namespace Lad.Engine.Model.Default.Context;

/// <summary>
/// The steps training took from (or into) one template, keyed by template id as scoring asks for them: the counter
/// they were learned and saved in keys ids as text, which would cost every line a formatted id and a string hash.
/// Only a closed counter has one (an open-ended one says nothing of single steps).
/// </summary>
internal sealed class TransitionCounts
{
    private readonly Dictionary<int, int> _counts;

    private TransitionCounts(Dictionary<int, int> counts, long observations, string mostFrequent, double predictability)
    {
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
        var counts = counter.TopValues(int.MaxValue)
            .ToDictionary(id => int.Parse(id, NumberStyles.Integer, CultureInfo.InvariantCulture), counter.CountOf);
        return new TransitionCounts(counts, counter.Observations, mostFrequent, (double)counter.CountOf(mostFrequent) / counter.Observations);
    }

    /// <summary>The templates steps went to (or came from), in no particular order.</summary>
    public IEnumerable<int> Steps => _counts.Keys;

    /// <summary>How many steps went to (or came from) <paramref name="template"/>.</summary>
    public int CountOf(int template) => _counts.GetValueOrDefault(template);
}
