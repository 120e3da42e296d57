namespace Lad.Engine.Model.Lof;

/// <summary>Names and distances of the <see cref="LofMetric"/> values.</summary>
public static class LofMetrics
{
    private static readonly Dictionary<string, LofMetric> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["euclidean"] = LofMetric.Euclidean,
        ["l2"] = LofMetric.Euclidean,
        ["minkowski"] = LofMetric.Euclidean,
        ["manhattan"] = LofMetric.Manhattan,
        ["cityblock"] = LofMetric.Manhattan,
        ["l1"] = LofMetric.Manhattan,
        ["chebyshev"] = LofMetric.Chebyshev,
        ["infinity"] = LofMetric.Chebyshev,
    };

    /// <summary>Every name LOF_METRIC accepts, as scikit-learn spells them (the fork passed the key to it unchanged).</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The accepted names as one phrase for error messages.</summary>
    public static string Allowed => "euclidean (or l2, minkowski), manhattan (or cityblock, l1), chebyshev (or infinity)";

    /// <summary>Reads a LOF_METRIC value; false for any name not in <see cref="Names"/>.</summary>
    public static bool TryParse(string? name, out LofMetric metric) => ByName.TryGetValue(name?.Trim() ?? string.Empty, out metric);

    /// <summary>Reads a LOF_METRIC value or throws <see cref="ArgumentException"/> naming the key and the accepted values.</summary>
    public static LofMetric Parse(string? name) => TryParse(name, out var metric)
        ? metric
        : throw new ArgumentException($"LOF_METRIC must be one of {Allowed}, not '{name}'");

    /// <summary>The metric's canonical name, as LOF_METRIC spells it.</summary>
    public static string Name(LofMetric metric) => metric.ToString().ToLowerInvariant();

    /// <summary>The distance between two vectors of the same length under <paramref name="metric"/>.</summary>
    public static double Distance(LofMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double total = 0;
        switch (metric)
        {
            case LofMetric.Euclidean:
                for (var i = 0; i < a.Length; i++)
                {
                    double d = a[i] - b[i];
                    total += d * d;
                }

                return Math.Sqrt(total);
            case LofMetric.Manhattan:
                for (var i = 0; i < a.Length; i++)
                {
                    total += Math.Abs((double)a[i] - b[i]);
                }

                return total;
            case LofMetric.Chebyshev:
                for (var i = 0; i < a.Length; i++)
                {
                    total = Math.Max(total, Math.Abs((double)a[i] - b[i]));
                }

                return total;
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown LOF metric");
        }
    }
}
