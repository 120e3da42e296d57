using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Lof;

/// <summary>
/// Local Outlier Factor in novelty mode, as scikit-learn's <c>LocalOutlierFactor(novelty=True)</c> that the fork used:
/// fitted once on the training vectors, it scores new vectors against them and never learns from what it scores.
/// A training vector's k-distance is the distance to its k-th nearest other training line; the reachability distance
/// from p to o is max(k-distance(o), d(p, o)); the local reachability density of p is 1 / (mean reachability distance
/// to its k nearest + 1e-10); a query's LOF is the mean density of its k nearest training lines over its own. Repeated
/// lines count once per line, as scikit-learn counts duplicate rows, so a vector repeated more than k times has
/// k-distance 0 and a density of 1e10.
/// </summary>
internal sealed class LocalOutlierFactor
{
    /// <summary>scikit-learn's guard against a zero mean reachability distance.</summary>
    private const double DensityGuard = 1e-10;

    private readonly WeightedPoints _points;
    private readonly double[] _kDistances;
    private readonly double[] _densities;
    private readonly VantagePointTree _tree;

    private LocalOutlierFactor(WeightedPoints points, LofMetric metric, int neighbors, double[] kDistances, double[] densities)
    {
        _points = points;
        Metric = metric;
        Neighbors = neighbors;
        _kDistances = kDistances;
        _densities = densities;
        _tree = new VantagePointTree(points, metric);
    }

    public LofMetric Metric { get; }

    /// <summary>The k in use: the requested neighbours, capped at the training lines minus one.</summary>
    public int Neighbors { get; }

    public WeightedPoints Points => _points;

    /// <summary>
    /// Fits on distinct <paramref name="points"/> weighted by their counts. k is <paramref name="neighbors"/> capped at
    /// the lines minus one (each training line's neighbourhood excludes the line itself), as scikit-learn caps it.
    /// </summary>
    public static LocalOutlierFactor Fit(WeightedPoints points, int neighbors, LofMetric metric, CancellationToken cancellationToken)
    {
        if (points.Total < 2)
        {
            throw new ArgumentException($"the lof model needs at least 2 training lines to find a line's neighbours, got {points.Total}");
        }

        var k = (int)Math.Min(neighbors, points.Total - 1);
        var tree = new VantagePointTree(points, metric);
        var neighbourhoods = new Neighbour[points.Count][];
        var kDistances = new double[points.Count];
        Parallel.For(0, points.Count, new ParallelOptions { CancellationToken = cancellationToken }, () => new List<Neighbour>(), (p, _, found) =>
        {
            // The k + 1 nearest copies hold the line itself (one copy of its own vector, at distance 0); the other
            // copies of its vector are neighbours at distance 0. Should the prefix not reach it, its k + 1 copies are
            // all others, and k of them are the neighbourhood.
            tree.Nearest(points.Vector(p), k + 1L, found);
            var at = found.FindIndex(n => n.Point == p);
            at = at < 0 ? found.Count - 1 : at;
            found[at] = found[at] with { Count = found[at].Count - 1 };
            if (found[at].Count == 0)
            {
                found.RemoveAt(at);
            }

            neighbourhoods[p] = [.. found];
            kDistances[p] = found[^1].Distance;
            return found;
        }, _ => { });

        var densities = new double[points.Count];
        for (var p = 0; p < points.Count; p++)
        {
            densities[p] = Density(neighbourhoods[p], kDistances, k);
        }

        return new LocalOutlierFactor(points, metric, k, kDistances, densities);
    }

    /// <summary>The LOF of <paramref name="query"/> against the training lines (about 1 inside a cluster, above 1.5
    /// outliers by scikit-learn's rule) and the nearest distinct training vector.</summary>
    public double Score(ReadOnlySpan<float> query, List<Neighbour> scratch, out int nearest)
    {
        _tree.Nearest(query, Neighbors, scratch);
        nearest = scratch[0].Point;
        var density = Density(scratch, _kDistances, Neighbors);
        double neighbourDensity = 0;
        foreach (var neighbour in scratch)
        {
            neighbourDensity += neighbour.Count * _densities[neighbour.Point];
        }

        return neighbourDensity / Neighbors / density;
    }

    /// <summary>The training k-distance of a distinct vector (for explanations and tests).</summary>
    public double KDistance(int point) => _kDistances[point];

    /// <summary>The training local reachability density of a distinct vector (for explanations and tests).</summary>
    public double DensityOf(int point) => _densities[point];

    private static double Density(IReadOnlyList<Neighbour> neighbourhood, double[] kDistances, int k)
    {
        double reach = 0;
        foreach (var neighbour in neighbourhood)
        {
            reach += neighbour.Count * Math.Max(kDistances[neighbour.Point], neighbour.Distance);
        }

        return 1 / (reach / k + DensityGuard);
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write((int)Metric);
        writer.Write(Neighbors);
        writer.Write(_points.Dimension);
        writer.Write(_points.Vectors);
        writer.Write(_points.Counts.Length);
        foreach (var count in _points.Counts)
        {
            writer.Write(count);
        }

        writer.Write(_kDistances);
        writer.Write(_densities);
    }

    public static LocalOutlierFactor ReadFrom(ModelReader reader)
    {
        var metric = (LofMetric)reader.ReadInt32();
        var neighbors = reader.ReadInt32();
        var dimension = reader.ReadInt32();
        if (!Enum.IsDefined(metric) || neighbors < 1 || dimension is < 1 or > 1000)
        {
            throw new ModelFormatException($"model file: lof metric {(int)metric}, neighbours {neighbors} or dimension {dimension} is invalid");
        }

        var vectors = reader.ReadSingleArray("lof vectors");
        var counts = new long[reader.ReadCount("lof counts", 8)];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = reader.ReadInt64();
        }

        var kDistances = reader.ReadDoubleArray("lof k-distances");
        var densities = reader.ReadDoubleArray("lof densities");
        if (vectors.Length != counts.Length * dimension || kDistances.Length != counts.Length || densities.Length != counts.Length
            || counts.Any(c => c < 1) || counts.Sum() <= neighbors
            || kDistances.Any(d => !(d >= 0) || !double.IsFinite(d)) || densities.Any(d => !(d > 0) || !double.IsFinite(d))
            || vectors.Any(v => !float.IsFinite(v)))
        {
            throw new ModelFormatException("model file: the lof model's vectors, counts, k-distances and densities do not fit together");
        }

        return new LocalOutlierFactor(new WeightedPoints(vectors, counts, dimension), metric, neighbors, kDistances, densities);
    }
}
