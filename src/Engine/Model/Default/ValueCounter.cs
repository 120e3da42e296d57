namespace Lad.Engine.Model.Default;

/// <summary>
/// Counts the values seen at one place (a template's parameter position, or a template's words) up to a cap on
/// distinct values; beyond the cap the place is "open-ended" and a new value there says nothing. Otherwise the
/// Good-Turing estimate (values seen once / observations) says how likely a new value is.
/// </summary>
internal sealed class ValueCounter
{
    public const int DistinctCap = 48;

    private readonly Dictionary<string, int> _counts;

    // The counts read by a value still in its line; kept, since scoring asks for it with every word and value.
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _countsBySpan;

    // The most frequent value, found once per state of the counts (context scoring asks for it with every line).
    private string? _mostFrequent;

    public ValueCounter()
        : this(new Dictionary<string, int>(StringComparer.Ordinal), 0, false)
    {
    }

    private ValueCounter(Dictionary<string, int> counts, long observations, bool open)
    {
        _counts = counts;
        _countsBySpan = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Observations = observations;
        IsOpen = open;
    }

    /// <summary>How many values were added (including those past the cap).</summary>
    public long Observations { get; private set; }

    /// <summary>True once more than <see cref="DistinctCap"/> distinct values were seen.</summary>
    public bool IsOpen { get; private set; }

    public void Add(string value)
    {
        _mostFrequent = null;
        Observations++;
        if (IsOpen)
        {
            return;
        }

        _counts[value] = _counts.GetValueOrDefault(value) + 1;
        if (_counts.Count > DistinctCap)
        {
            IsOpen = true;
            _counts.Clear();
        }
    }

    /// <summary>As <see cref="Add(string)"/>, for a value not (yet) a string: one is made only for a new distinct value.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        _mostFrequent = null;
        Observations++;
        if (IsOpen)
        {
            return;
        }

        _countsBySpan[value] = _countsBySpan.TryGetValue(value, out var count) ? count + 1 : 1;
        if (_counts.Count > DistinctCap)
        {
            IsOpen = true;
            _counts.Clear();
        }
    }

    public bool Contains(string value) => _counts.ContainsKey(value);

    /// <summary>The string the counter keeps for <paramref name="value"/>, or <paramref name="value"/> when it keeps none.</summary>
    public string Stored(string value) =>
        _countsBySpan.TryGetValue(value, out var stored, out _) ? stored : value;

    /// <summary>As <see cref="Contains(string)"/>, for a value not (yet) a string.</summary>
    public bool Contains(ReadOnlySpan<char> value) => _countsBySpan.ContainsKey(value);

    /// <summary>The distinct values counted, in no particular order (none once the place is open-ended).</summary>
    public IEnumerable<string> Counted => _counts.Keys;

    /// <summary>How many distinct values were counted (0 once the place is open-ended).</summary>
    public int Distinct => _counts.Count;

    /// <summary>
    /// The Good-Turing estimate of how likely the next value is new, (singletons + 1) / (observations + 2); 1 for an
    /// open-ended place.
    /// </summary>
    public double NewValueRate() =>
        IsOpen ? 1 : (_counts.Values.Count(c => c == 1) + 1.0) / (Observations + 2.0);

    /// <summary>How far <see cref="Observations"/> can be trusted to show a place is closed, in [0, 1).</summary>
    public double Confidence => Observations / (Observations + ConfidenceObservations);

    /// <summary>How often <paramref name="value"/> was added (0 once the place is open-ended).</summary>
    public int CountOf(string value) => _counts.GetValueOrDefault(value);

    /// <summary>As <see cref="CountOf(string)"/>, for a value not (yet) a string.</summary>
    public int CountOf(ReadOnlySpan<char> value) => _countsBySpan.TryGetValue(value, out var count) ? count : 0;

    /// <summary>The first of <see cref="TopValues"/>: the most frequent value, the ordinally first of equally frequent ones.</summary>
    /// <exception cref="InvalidOperationException">Nothing is counted.</exception>
    public string MostFrequent()
    {
        if (_mostFrequent is { } known)
        {
            return known;
        }

        string? best = null;
        var bestCount = 0;
        foreach (var (value, count) in _counts)
        {
            if (best is null || count > bestCount || (count == bestCount && string.CompareOrdinal(value, best) < 0))
            {
                best = value;
                bestCount = count;
            }
        }

        return _mostFrequent = best ?? throw new InvalidOperationException("no value is counted");
    }

    /// <summary>Observations at which the novelty estimate is trusted half-way; fewer say little.</summary>
    public const double ConfidenceObservations = 10;

    /// <summary>
    /// How surprising a value never seen here is, in [0, 1): 0 for an open-ended place, otherwise
    /// 1 − (singletons + 1) / (observations + 2) (a place that always held the same few values gives near 1),
    /// scaled by observations / (observations + <see cref="ConfidenceObservations"/>) because a handful of
    /// observations cannot show that a place is closed.
    /// </summary>
    public double NoveltySurprise()
    {
        if (IsOpen || Observations == 0)
        {
            return 0;
        }

        return (1 - NewValueRate()) * Confidence;
    }

    /// <summary>The most frequent values, for explanations.</summary>
    public IEnumerable<string> TopValues(int count) =>
        _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => p.Key);

    public void WriteTo(Persistence.ModelWriter writer)
    {
        writer.Write(Observations);
        writer.Write(IsOpen);
        writer.Write(_counts.Count);
        foreach (var (value, count) in _counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(value);
            writer.Write(count);
        }
    }

    public static ValueCounter ReadFrom(Persistence.ModelReader reader)
    {
        var observations = reader.ReadInt64();
        var open = reader.ReadBoolean();
        var distinct = reader.ReadCount("value counter entries", 6);
        var counts = new Dictionary<string, int>(distinct, StringComparer.Ordinal);
        for (var i = 0; i < distinct; i++)
        {
            var value = reader.ReadString("counted value");
            var count = reader.ReadInt32();
            if (count < 1 || !counts.TryAdd(value, count))
            {
                throw new Persistence.ModelFormatException($"model file: value counter entry '{value}' is invalid");
            }
        }

        if (observations < counts.Values.Sum(c => (long)c))
        {
            throw new Persistence.ModelFormatException("model file: value counter has fewer observations than counts");
        }

        return new ValueCounter(counts, observations, open);
    }
}
