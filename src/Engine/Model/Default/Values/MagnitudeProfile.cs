using System.Globalization;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default.Values;

/// <summary>
/// What training saw of a numeric value as a size: its range, median and robust spread (median absolute deviation),
/// on a log scale when the values span two decades or more (durations, byte counts), else as they are (percentages,
/// small counts). A value inside the range is normal however new; one beyond it is surprising in proportion to how
/// many spreads it lies outside. Values that kept rising through training (sequence numbers, job ids, epoch times,
/// uptimes) are counters: the next one above the range is expected, only one below it is evidence.
/// </summary>
internal sealed class MagnitudeProfile
{
    /// <summary>Values spanning this ratio (max / min, all positive) are judged on a log scale.</summary>
    private const double LogScaleRatio = 100;

    /// <summary>Within this many spreads beyond the range a value is still ordinary; full surprise is reached 3 spreads later.</summary>
    private const double ToleratedSpreads = 1;
    private const double SpreadsToFullSurprise = 3;

    /// <summary>MAD × 1.4826 estimates a standard deviation for normal data.</summary>
    private const double MadToSigma = 1.4826;

    private MagnitudeProfile(long count, double min, double max, double median, double spread, bool logScale, bool rising, string unit)
    {
        Rising = rising;
        Count = count;
        Min = min;
        Max = max;
        Median = median;
        Spread = spread;
        LogScale = logScale;
        Unit = unit;
    }

    /// <summary>How many numbers training saw.</summary>
    public long Count { get; }

    public double Min { get; }

    public double Max { get; }

    public double Median { get; }

    /// <summary>The robust spread on the profile's scale (log10 units when <see cref="LogScale"/>).</summary>
    public double Spread { get; }

    public bool LogScale { get; }

    /// <summary>True when the values kept rising in training order: a counter, which is expected to exceed its range.</summary>
    public bool Rising { get; }

    /// <summary>The unit written after the numbers ("ms", "%"), or "".</summary>
    public string Unit { get; }

    /// <summary>
    /// Summarises <paramref name="sample"/> (all values, or a uniform sample of them) with the exact
    /// <paramref name="min"/> and <paramref name="max"/> of all <paramref name="count"/> values.
    /// </summary>
    public static MagnitudeProfile From(List<double> sample, long count, double min, double max, bool rising, string unit)
    {
        var logScale = min > 0 && max / min >= LogScaleRatio;
        var scaled = sample.Select(v => Scale(v, logScale, min)).ToArray();
        Array.Sort(scaled);
        var median = Quantile(scaled, 0.5);
        var deviations = scaled.Select(v => Math.Abs(v - median)).ToArray();
        Array.Sort(deviations);
        var mad = Quantile(deviations, 0.5);
        var range = Scale(max, logScale, min) - Scale(min, logScale, min);
        // A quarter of the range keeps a heavy-tailed history (most values equal, a few far) from a near-zero spread;
        // the floor keeps a constant one from flagging the next value up.
        var floor = logScale ? 0.1 : Math.Max(Math.Abs(median) * 0.1, 1e-9);
        var spread = Math.Max(Math.Max(MadToSigma * mad, range / 4), floor);
        return new MagnitudeProfile(count, min, max, logScale ? Math.Pow(10, median) : median, spread, logScale, rising, unit);
    }

    /// <summary>
    /// How surprising <paramref name="value"/> is, in [0, 1]: 0 inside the trained range; 1 for a negative value of a
    /// log-scale place, whose positive values spanning decades make it a quantity that cannot be negative (a duration,
    /// a size, an amount), while zero counts as a tenth of the smallest value seen.
    /// </summary>
    public double Surprise(double value)
    {
        if ((value >= Min && value <= Max) || (Rising && value > Max))
        {
            return 0;
        }

        if (LogScale && value < 0)
        {
            return 1;
        }

        var scaled = Scale(value, LogScale, Min);
        var distance = value > Max ? scaled - Scale(Max, LogScale, Min) : Scale(Min, LogScale, Min) - scaled;
        var spreads = distance / Spread;
        return Math.Clamp((spreads - ToleratedSpreads) / SpreadsToFullSurprise, 0, 1);
    }

    /// <summary>True when training saw one number only, however often: no spread, so nothing is "far" from it.</summary>
    public bool IsConstant => Min == Max;

    /// <summary>
    /// "far above its history: 987654321 ms; history 12–4,500 ms (median 230 ms, 240 values)", or "" inside the range.
    /// Of a <see cref="IsConstant"/> history it says only that the value is not that number.
    /// </summary>
    public string Describe(string written, double value)
    {
        if (value >= Min && value <= Max)
        {
            return string.Empty;
        }

        var unit = Unit.Length == 0 ? string.Empty : Unit == "%" ? "%" : " " + Unit;
        var values = $"{Count} {(Count == 1 ? "value" : "values")}";
        if (IsConstant)
        {
            return $"not the one number training saw there: {Format(Min)}{unit} ({values})";
        }

        return $"far {(value > Max ? "above" : "below")} its history: {written}; history {Format(Min)}–{Format(Max)}{unit} " +
               $"(median {Format(Median)}{unit}, {values})";
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(Count);
        writer.Write(Min);
        writer.Write(Max);
        writer.Write(Median);
        writer.Write(Spread);
        writer.Write(LogScale);
        writer.Write(Rising);
        writer.Write(Unit);
    }

    public static MagnitudeProfile ReadFrom(ModelReader reader)
    {
        var count = reader.ReadInt64();
        var min = reader.ReadDouble();
        var max = reader.ReadDouble();
        var median = reader.ReadDouble();
        var spread = reader.ReadDouble();
        var logScale = reader.ReadBoolean();
        var rising = reader.ReadBoolean();
        var unit = reader.ReadString("magnitude unit");
        if (count < 1 || !double.IsFinite(min) || !double.IsFinite(max) || min > max || !double.IsFinite(median)
            || !(spread > 0) || !double.IsFinite(spread) || (logScale && min <= 0))
        {
            throw new ModelFormatException("model file: a numeric value profile is invalid");
        }

        return new MagnitudeProfile(count, min, max, median, spread, logScale, rising, unit);
    }

    /// <summary>On a log scale, values at or below zero count as one decade below the smallest trained value.</summary>
    private static double Scale(double value, bool logScale, double min) =>
        logScale ? Math.Log10(value > 0 ? value : min / 10) : value;

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,0" : "#,0.###", CultureInfo.InvariantCulture);
}
