using System.Globalization;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default.Values;

/// <summary>
/// What training saw of the values at one place (one piece of a template's parameter), and whether they are labels,
/// sizes or identifiers — decided from the values, never from names:
/// <list type="bullet">
/// <item>identifiers: nearly all values are hex ids (UUIDs, hashes), or, for other values, at least half of the values
/// in the later part of the history were never seen in the earlier part (new sessions, requests, instances);</item>
/// <item>sizes: nearly all values are numbers with one unit, and they do not form a small closed set (more distinct
/// values than the square root of the observations, or integers filling at least half of their range), or they kept
/// rising (a clock or counter, never a label);</item>
/// <item>labels: the rest. A never-seen label is as surprising as new values were rare in training, and counts less
/// where they came so often that they are routine on the host (<see cref="LabelWeight"/>).</item>
/// </list>
/// Built by <see cref="Add(ReadOnlySpan{char})"/> then <see cref="Complete"/>; read-only afterwards, but for the weight
/// the host profile holding it sets (<see cref="WeighLabels"/>).
/// </summary>
internal sealed class ValueProfile
{
    private const int SampleCap = 4096;
    private const double NumericShare = 0.9;
    private const double HexIdShare = 0.9;
    private const double IdentifierNewRate = 0.5;
    private const double MinimumRangeFill = 0.5;
    private const int ShownValues = 3;
    private const int MinimumChanges = 5;
    private const double RisingShare = 0.9;

    // Each distinct value and where it first came (its index among the values added), in the order they came: all the
    // held-out new-value rate needs, since a value's lines after a cut are new to the part before it exactly when it
    // first came after the cut. (Kept while the place is not open-ended.)
    private List<(string Value, int First)>? _firsts = [];
    private List<double>? _sample = [];
    private long _numbers;
    private long _hexIds;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private string? _unit;
    private bool _mixedUnits;
    private bool _integers = true;
    private double _previous = double.NaN;
    private long _rises;
    private long _falls;
    private ulong _random = 0x9E3779B97F4A7C15;

    public ValueProfile()
        : this(new ValueCounter())
    {
    }

    private ValueProfile(ValueCounter values) => Values = values;

    private ValueProfile(ValueCounter values, ValueKind kind, double newRate, MagnitudeProfile? magnitude)
    {
        Values = values;
        Kind = kind;
        NewRate = newRate;
        Magnitude = magnitude;
        _firsts = null;
        _sample = null;
    }

    /// <summary>The values counted (up to <see cref="ValueCounter.DistinctCap"/> distinct).</summary>
    public ValueCounter Values { get; }

    public ValueKind Kind { get; private set; }

    /// <summary>How likely a new value is here: the larger of the Good-Turing and the held-out estimate.</summary>
    public double NewRate { get; private set; }

    /// <summary>
    /// How much a never-seen label here counts, in (0, 1]: less where the place brings new values so often that they
    /// are routine on its host (see <see cref="WeighLabels"/>). Set by the host profile holding the place; not saved.
    /// </summary>
    public double LabelWeight { get; private set; } = 1;

    /// <summary>The numbers' range and spread, when nearly all values are numbers.</summary>
    public MagnitudeProfile? Magnitude { get; private set; }

    public void Add(string value) => Add(value.AsSpan());

    /// <summary>Counts one value; a string is made only for a value not counted before.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        if (_firsts is null)
        {
            throw new InvalidOperationException("the value profile is complete");
        }

        if (Values.Add(value))
        {
            // The counter's own copy of the value, asked for once per distinct value.
            _firsts.Add((Values.Stored(value), (int)(Values.Observations - 1)));
        }
        else if (Values.IsOpen && _firsts.Count > 0)
        {
            _firsts.Clear();
        }

        if (VariableRules.IsHexId(value))
        {
            _hexIds++;
        }

        if (NumericValue.TryParse(value, out var number, out var unit))
        {
            AddNumber(number, unit);
        }
    }

    /// <summary>A profile that goes on counting from where this one stands, apart from it.</summary>
    /// <exception cref="InvalidOperationException">The profile is complete.</exception>
    public ValueProfile Copy()
    {
        if (_firsts is null || _sample is null)
        {
            throw new InvalidOperationException("the value profile is complete");
        }

        return new ValueProfile(Values.Copy())
        {
            _firsts = [.. _firsts],
            _sample = [.. _sample],
            _numbers = _numbers,
            _hexIds = _hexIds,
            _min = _min,
            _max = _max,
            _unit = _unit,
            _mixedUnits = _mixedUnits,
            _integers = _integers,
            _previous = _previous,
            _rises = _rises,
            _falls = _falls,
            _random = _random,
        };
    }

    /// <summary>Decides the kind and summarises the numbers; training data is released.</summary>
    public void Complete()
    {
        if (_firsts is null || _sample is null)
        {
            return;
        }

        var n = Values.Observations;
        NewRate = Values.IsOpen ? 1 : Math.Max(Values.NewValueRate(), HeldOutNewRate());
        if (n > 0 && _numbers >= NumericShare * n && !_mixedUnits)
        {
            Magnitude = MagnitudeProfile.From(_sample, _numbers, _min, _max, IsRising(), _unit ?? string.Empty);
        }

        Kind = n > 0 && _hexIds >= HexIdShare * n ? ValueKind.Identifier
            : Magnitude is not null ? (IsClosedSet(n) && !Magnitude.Rising ? ValueKind.Categorical : ValueKind.Magnitude)
            : !Values.IsOpen && NewRate >= IdentifierNewRate ? ValueKind.Identifier
            : ValueKind.Categorical;
        _firsts = null;
        _sample = null;
        Values.Freeze();
    }

    /// <summary>
    /// How surprising <paramref name="value"/> is here, in [0, 1], with the reason; null when it is not.
    /// <paramref name="where"/> names the place in the reason. <c>LabelNewRate</c> is how often training lines brought a
    /// never-seen value here when the value is a never-seen label in a closed set (no more distinct values than
    /// √observations: a few labels, each seen many times), or 1 / (observations + 2) for a size so far out of its range
    /// that it is full evidence (no training line was near it; not of a place whose numbers only rose, where a value
    /// far below is a counter starting again); NaN otherwise (a size nearer its range, or a place with many values each
    /// seen a few times, which a short history cannot show to be closed).
    /// </summary>
    public (double Surprise, string Reason, double LabelNewRate)? Judge(string value, ValuePlace where) =>
        Judge(value, where.Position, where.Part, where.Parts, where.Parameter);

    /// <summary>
    /// As <see cref="Judge(string, ValuePlace)"/> for the value <paramref name="value"/>, part <paramref name="part"/> of
    /// <paramref name="parts"/> of <paramref name="parameter"/> at template parameter <paramref name="position"/>;
    /// strings are made only for a reason, and only with <paramref name="explain"/> (without it the reason is empty).
    /// </summary>
    public (double Surprise, string Reason, double LabelNewRate)? Judge(
        ReadOnlySpan<char> value, int position, int part, int parts, ReadOnlySpan<char> parameter, bool explain = true)
    {
        if (!MayJudge(value))
        {
            return null;
        }

        var number = 0.0;
        var numeric = Magnitude is not null && NumericValue.TryParse(value, out number, out ReadOnlySpan<char> unit) && unit.SequenceEqual(Magnitude.Unit);
        var sizeSurprise = numeric ? Magnitude!.Surprise(number) : 0;
        var size = sizeSurprise * Values.Confidence;
        var label = Kind == ValueKind.Categorical || !numeric ? (1 - NewRate) * Values.Confidence * LabelWeight : 0;
        if (size <= 0 && label <= 0)
        {
            return null;
        }

        if (Kind == ValueKind.Magnitude && numeric)
        {
            // A lone unusual value is held under the threshold's floor; one this far out makes its line as rare as a
            // never-seen label would, so it can be heard on its own.
            var farRate = sizeSurprise >= 1 && !Magnitude!.Rising ? 1.0 / (Values.Observations + 2.0) : double.NaN;
            return (size, explain ? $"value {value} {Place(position, part, parts, parameter)} is {Magnitude!.Describe(value.ToString(), number)}" : string.Empty, farRate);
        }

        var closedRate = Values.Distinct <= Math.Sqrt(Values.Observations) ? NewRate : double.NaN;
        var surprise = size > 0 ? Math.Max(size, label) : label;
        if (!explain)
        {
            return (surprise, string.Empty, closedRate);
        }

        var where = Place(position, part, parts, parameter);

        // A label never seen; when it is a number far outside the trained ones, the figures say how far.
        var examples = string.Join(", ", Values.TopValues(ShownValues));
        var more = Values.Distinct > ShownValues ? "e.g. " : string.Empty;
        var reason = $"value '{value}' never seen {where} (training saw {Values.Distinct} distinct " +
                     $"{(Values.Distinct == 1 ? "value" : "values")} in {Values.Observations} lines, {more}{examples})";
        // Of a constant history the label's reason already names the one number seen.
        return (surprise, size > 0 && !Magnitude!.IsConstant ? $"{reason}, {Magnitude.Describe(value.ToString(), number)}" : reason, closedRate);
    }

    /// <summary>
    /// Sets <see cref="LabelWeight"/> for a host whose history has <paramref name="hostLines"/> lines: training expects a
    /// never-seen label here in its place's share of the host's lines times its new-value rate (<see cref="RoutineNovelty"/>).
    /// </summary>
    public void WeighLabels(long hostLines) => LabelWeight = RoutineNovelty.Weight(Values.Observations, hostLines, NewRate);

    private static ValuePlace Place(int position, int part, int parts, ReadOnlySpan<char> parameter) => new(position, part, parts, parameter.ToString());

    /// <summary>
    /// False when <see cref="Judge(string, ValuePlace)"/> finds <paramref name="value"/> no evidence whatever it is (an identifier, a place
    /// training never filled, a value seen there), told without making a string of it: most values are.
    /// </summary>
    public bool MayJudge(ReadOnlySpan<char> value) => !(Kind == ValueKind.Identifier || Values.Observations == 0 || Values.Contains(value));

    public void WriteTo(ModelWriter writer)
    {
        Values.WriteTo(writer);
        writer.Write((int)Kind);
        writer.Write(NewRate);
        writer.Write(Magnitude is not null);
        Magnitude?.WriteTo(writer);
    }

    public static ValueProfile ReadFrom(ModelReader reader)
    {
        var values = ValueCounter.ReadFrom(reader);
        var kind = reader.ReadInt32();
        var newRate = reader.ReadDouble();
        if (!Enum.IsDefined((ValueKind)kind) || !(newRate is >= 0 and <= 1))
        {
            throw new ModelFormatException(
                $"model file: a value profile has kind {kind.ToString(CultureInfo.InvariantCulture)} or new-value rate {newRate.ToString(CultureInfo.InvariantCulture)} out of range");
        }

        var magnitude = reader.ReadBoolean() ? MagnitudeProfile.ReadFrom(reader) : null;
        return new ValueProfile(values, (ValueKind)kind, newRate, magnitude);
    }

    private void AddNumber(double number, ReadOnlySpan<char> unit)
    {
        _numbers++;
        _min = Math.Min(_min, number);
        _max = Math.Max(_max, number);
        _integers &= number == Math.Floor(number);
        if (number > _previous)
        {
            _rises++;
        }
        else if (number < _previous)
        {
            _falls++;
        }

        _previous = number;
        if (_unit is null)
        {
            _unit = unit.ToString();
        }
        else if (!unit.SequenceEqual(_unit))
        {
            _mixedUnits = true;
        }

        // A uniform sample (reservoir) bounds memory on long histories; a fixed-seed generator keeps training deterministic.
        if (_sample!.Count < SampleCap)
        {
            _sample.Add(number);
            return;
        }

        _random ^= _random << 13;
        _random ^= _random >> 7;
        _random ^= _random << 17;
        var slot = (long)(_random % (ulong)_numbers);
        if (slot < SampleCap)
        {
            _sample[(int)slot] = number;
        }
    }

    /// <summary>
    /// The values never fell in training order, or nearly every change was a rise: a clock, a counter or an id handed
    /// out in sequence ("081109" then "081110" as a date written in digits, sequence numbers, epoch times).
    /// </summary>
    private bool IsRising() => (_falls == 0 && _rises > 0) || (_rises >= MinimumChanges && _rises >= RisingShare * (_rises + _falls));

    /// <summary>
    /// A few labels each seen many times (not more distinct values than √observations) is a closed set, unless they
    /// are integers filling most of their range (1, 2, 3, 4, 5 is a count, not five labels).
    /// </summary>
    private bool IsClosedSet(long observations)
    {
        var distinct = Values.Distinct;
        if (Values.IsOpen || distinct > Math.Sqrt(observations))
        {
            return false;
        }

        return distinct < 3 || !_integers || distinct / (_max - _min + 1) < MinimumRangeFill;
    }

    /// <summary>
    /// How often later values were new to the earlier part of the history: the share of values after the middle (and
    /// after the third quarter) never seen before it, averaged. Unlike Good-Turing it sees that a session id repeated
    /// on ten lines is still new with every session.
    /// </summary>
    private double HeldOutNewRate()
    {
        var added = (int)Values.Observations;
        if (added < 8)
        {
            return 0;
        }

        var total = 0.0;
        foreach (var share in (ReadOnlySpan<double>)[0.5, 0.75])
        {
            var cut = (int)(added * share);
            var novel = 0;
            foreach (var (value, first) in _firsts!)
            {
                novel += first >= cut ? Values.CountOf(value) : 0;
            }

            total += (double)novel / (added - cut);
        }

        return total / 2;
    }
}
