using System.Runtime.InteropServices;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Counts the values seen at one place (a template's parameter position, or a template's words) up to a cap on
/// distinct values; beyond the cap the place is "open-ended" and a new value there says nothing. Otherwise the
/// Good-Turing estimate (values seen once / observations) says how likely a new value is.
/// </summary>
internal sealed class ValueCounter
{
    public const int DistinctCap = 48;

    // While training counts, a hash table; once frozen (a completed profile, or one read from a model file), the
    // values sorted ordinally beside their counts. A loaded model keeps a few hundred counters of a handful of values
    // each, where a hash table's buckets and entries cost two to three times the values themselves.
    private Dictionary<string, int>? _counting;
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _countingBySpan;
    private string[] _values = [];
    private int[] _counts = [];
    private int _singletons;

    // The most frequent value, found once per state of the counts (context scoring asks for it with every line).
    private string? _mostFrequent;

    public ValueCounter()
        : this(new Dictionary<string, int>(StringComparer.Ordinal))
    {
    }

    private ValueCounter(Dictionary<string, int> counting)
    {
        _counting = counting;
        _countingBySpan = counting.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private ValueCounter(string[] values, int[] counts, long observations, bool open)
    {
        SetFrozen(values, counts);
        Observations = observations;
        IsOpen = open;
    }

    /// <summary>
    /// The frozen counter that adding each value of <paramref name="counts"/> its count of times would leave: open-ended
    /// past <see cref="DistinctCap"/> distinct values.
    /// </summary>
    public static ValueCounter Of(IEnumerable<(string Value, int Count)> counts)
    {
        var ordered = counts.OrderBy(p => p.Value, StringComparer.Ordinal).ToArray();
        var observations = ordered.Sum(p => (long)p.Count);
        return ordered.Length > DistinctCap
            ? OpenEnded(observations)
            : new ValueCounter(ordered.Select(p => p.Value).ToArray(), ordered.Select(p => p.Count).ToArray(), observations, open: false);
    }

    /// <summary>The frozen counter of a place that took more than <see cref="DistinctCap"/> distinct values in <paramref name="observations"/>.</summary>
    public static ValueCounter OpenEnded(long observations) => new([], [], observations, open: true);

    /// <summary>How many values were added (including those past the cap).</summary>
    public long Observations { get; private set; }

    /// <summary>True once more than <see cref="DistinctCap"/> distinct values were seen.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Counts one value (see <see cref="Add(ReadOnlySpan{char})"/>).</summary>
    /// <exception cref="InvalidOperationException">The counter is frozen.</exception>
    public void Add(string value) => Add(value.AsSpan());

    /// <summary>
    /// Counts one value, making a string of it only when it is a new distinct value. Returns whether the value was one
    /// the counter had not counted before (false once the place is open-ended).
    /// </summary>
    /// <exception cref="InvalidOperationException">The counter is frozen.</exception>
    public bool Add(ReadOnlySpan<char> value)
    {
        var counting = _counting ?? throw new InvalidOperationException("the value counter is frozen");
        _mostFrequent = null;
        Observations++;
        if (IsOpen)
        {
            return false;
        }

        // One lookup (training counts every parameter value of every line); a new value becomes a string once.
        CollectionsMarshal.GetValueRefOrAddDefault(_countingBySpan, value, out var counted)++;
        if (counting.Count > DistinctCap)
        {
            IsOpen = true;
            counting.Clear();
            return false;
        }

        return !counted;
    }

    /// <summary>A counter that counts on from where this one stands, apart from it.</summary>
    /// <exception cref="InvalidOperationException">The counter is frozen.</exception>
    public ValueCounter Copy()
    {
        var counting = _counting ?? throw new InvalidOperationException("the value counter is frozen");
        return new ValueCounter(new Dictionary<string, int>(counting, StringComparer.Ordinal)) { Observations = Observations, IsOpen = IsOpen };
    }

    /// <summary>Ends counting: the counter keeps its values in the compact form scoring reads. Idempotent.</summary>
    public void Freeze()
    {
        if (_counting is not { } counting)
        {
            return;
        }

        var values = counting.Keys.ToArray();
        Array.Sort(values, StringComparer.Ordinal);
        SetFrozen(values, values.Select(v => counting[v]).ToArray());
    }

    public bool Contains(string value) => Contains(value.AsSpan());

    /// <summary>The string the counter keeps for <paramref name="value"/>, or a new one when it keeps none.</summary>
    public string Stored(ReadOnlySpan<char> value)
    {
        if (_counting is not null)
        {
            return _countingBySpan.TryGetValue(value, out var stored, out _) ? stored : value.ToString();
        }

        var at = IndexOf(value);
        return at >= 0 ? _values[at] : value.ToString();
    }

    /// <summary>As <see cref="Contains(string)"/>, for a value not (yet) a string.</summary>
    public bool Contains(ReadOnlySpan<char> value) => _counting is not null ? _countingBySpan.ContainsKey(value) : IndexOf(value) >= 0;

    /// <summary>The distinct values counted, in no particular order (none once the place is open-ended).</summary>
    public IEnumerable<string> Counted => _counting?.Keys ?? (IEnumerable<string>)_values;

    /// <summary>How many distinct values were counted (0 once the place is open-ended).</summary>
    public int Distinct => _counting?.Count ?? _values.Length;

    /// <summary>
    /// The Good-Turing estimate of how likely the next value is new, (singletons + 1) / (observations + 2); 1 for an
    /// open-ended place.
    /// </summary>
    public double NewValueRate() => IsOpen ? 1 : (Singletons + 1.0) / (Observations + 2.0);

    /// <summary>How many values were counted exactly once (0 once the place is open-ended).</summary>
    public int Singletons => _counting?.Values.Count(c => c == 1) ?? _singletons;

    /// <summary>How far <see cref="Observations"/> can be trusted to show a place is closed, in [0, 1).</summary>
    public double Confidence => Observations / (Observations + ConfidenceObservations);

    /// <summary>How often <paramref name="value"/> was added (0 once the place is open-ended).</summary>
    public int CountOf(string value) => CountOf(value.AsSpan());

    /// <summary>As <see cref="CountOf(string)"/>, for a value not (yet) a string.</summary>
    public int CountOf(ReadOnlySpan<char> value)
    {
        if (_counting is not null)
        {
            return _countingBySpan.TryGetValue(value, out var count) ? count : 0;
        }

        var at = IndexOf(value);
        return at >= 0 ? _counts[at] : 0;
    }

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
        foreach (var (value, count) in Pairs())
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
        Pairs().OrderByDescending(p => p.Count).ThenBy(p => p.Value, StringComparer.Ordinal).Take(count).Select(p => p.Value);

    public void WriteTo(Persistence.ModelWriter writer) => Write(writer, Observations, IsOpen, Pairs());

    /// <summary>
    /// Writes a counter of <paramref name="observations"/> holding <paramref name="counts"/> as <see cref="WriteTo"/>
    /// does, for a holder that keeps the counts in another form.
    /// </summary>
    public static void Write(Persistence.ModelWriter writer, long observations, bool open, IEnumerable<(string Value, int Count)> counts)
    {
        var ordered = counts.OrderBy(p => p.Value, StringComparer.Ordinal).ToList();
        writer.Write(observations);
        writer.Write(open);
        writer.Write(ordered.Count);
        foreach (var (value, count) in ordered)
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
        var values = new string[distinct];
        var counts = new int[distinct];
        long counted = 0;
        for (var i = 0; i < distinct; i++)
        {
            values[i] = reader.ReadString("counted value");
            counts[i] = reader.ReadInt32();
            // Written in ordinal order, so a repeat or a disorder is damage.
            if (counts[i] < 1 || (i > 0 && string.CompareOrdinal(values[i - 1], values[i]) >= 0))
            {
                throw new Persistence.ModelFormatException($"model file: value counter entry '{values[i]}' is invalid");
            }

            counted += counts[i];
        }

        if (observations < counted)
        {
            throw new Persistence.ModelFormatException("model file: value counter has fewer observations than counts");
        }

        return new ValueCounter(values, counts, observations, open);
    }

    private IEnumerable<(string Value, int Count)> Pairs() =>
        _counting?.Select(p => (p.Key, p.Value)) ?? _values.Select((v, i) => (v, _counts[i]));

    private void SetFrozen(string[] values, int[] counts)
    {
        _counting = null;
        _countingBySpan = default;
        _values = values.Length == 0 ? [] : values;
        _counts = counts.Length == 0 ? [] : counts;
        _singletons = counts.Count(c => c == 1);
    }

    // Binary search of the frozen values in ordinal order.
    private int IndexOf(ReadOnlySpan<char> value)
    {
        int low = 0, high = _values.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = value.SequenceCompareTo(_values[middle]);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return -1;
    }
}
