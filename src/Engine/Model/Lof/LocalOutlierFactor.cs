using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Lof;

/// <summary>
/// Local Outlier Factor (Breunig et al., 2000) in novelty mode, as the fork used it through scikit-learn's
/// <c>LocalOutlierFactor(novelty=True)</c>: fitted once on the training vectors, it scores new vectors against them and
/// never learns from what it scores. Repeated lines follow the paper's rule for duplicates, not scikit-learn's: the
/// k-distance of a vector is the distance to its k-th nearest training vector <em>with other coordinates</em> (the
/// k-distinct-distance), and its neighbourhood is every training line within it, copies included. Counted per row, as
/// scikit-learn counts them, a line repeated more than k times has k-distance 0 and a density of 1e10, so every line
/// not exactly equal to a frequent one scores in the billions and the factor ranks nothing (AUC 0.17 on BGL_2k).
/// </summary>
/// <remarks>
/// The reachability distance from p to o is max(k-distance(o), d(p, o)); the local reachability density of p is
/// 1 / (mean reachability distance over its neighbourhood, weighted by copies, + 1e-10, scikit-learn's guard); the LOF
/// of a query is the mean density of its neighbourhood (weighted by copies) over its own density.
/// </remarks>
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

    /// <summary>The k in use: the requested neighbours, capped at the distinct training vectors minus one (at least 1).</summary>
    public int Neighbors { get; }

    public WeightedPoints Points => _points;

    /// <summary>
    /// Fits on distinct <paramref name="points"/> weighted by their counts. k is <paramref name="neighbors"/> capped at
    /// the distinct vectors minus one, as each vector's neighbourhood holds k others.
    /// </summary>
    public static LocalOutlierFactor Fit(WeightedPoints points, int neighbors, LofMetric metric, CancellationToken cancellationToken)
    {
        if (points.Total < 2)
        {
            throw new ArgumentException($"the lof model needs at least 2 training lines to find a line's neighbours, got {points.Total}");
        }

        var k = Math.Max(1, Math.Min(neighbors, points.Count - 1));
        var tree = new VantagePointTree(points, metric);
        var neighbourhoods = new Neighbour[points.Count][];
        var kDistances = new double[points.Count];
        Parallel.For(0, points.Count, new ParallelOptions { CancellationToken = cancellationToken }, () => new List<Neighbour>(), (p, _, found) =>
        {
            // The vector itself comes first (no other lies at distance 0): its other copies are neighbours, the line
            // itself is not.
            tree.NearestDistinct(points.Vector(p), k + 1, found);
            found[0] = found[0] with { Count = found[0].Count - 1 };
            if (found[0].Count == 0)
            {
                found.RemoveAt(0);
            }

            neighbourhoods[p] = [.. found];
            kDistances[p] = found.Count == 0 ? 0 : found[^1].Distance;
            return found;
        }, _ => { });

        var densities = new double[points.Count];
        for (var p = 0; p < points.Count; p++)
        {
            densities[p] = Density(neighbourhoods[p], kDistances);
        }

        return new LocalOutlierFactor(points, metric, k, kDistances, densities);
    }

    /// <summary>The LOF of <paramref name="query"/> against the training lines (about 1 inside a cluster, above 1.5 for
    /// outliers by scikit-learn's rule); <paramref name="scratch"/> receives its neighbourhood, nearest first.</summary>
    public double Score(ReadOnlySpan<float> query, List<Neighbour> scratch)
    {
        // A training vector equal to the query is at distance 0 and does not count towards the k others.
        _tree.NearestDistinct(query, Neighbors + 1, scratch);
        if (scratch.Count > Neighbors && scratch[0].Distance > 0)
        {
            scratch.RemoveAt(scratch.Count - 1);
        }

        var density = Density(scratch, _kDistances);
        double neighbourDensity = 0;
        long copies = 0;
        foreach (var neighbour in scratch)
        {
            neighbourDensity += neighbour.Count * _densities[neighbour.Point];
            copies += neighbour.Count;
        }

        return neighbourDensity / copies / density;
    }

    /// <summary>The training k-distance of a distinct vector.</summary>
    public double KDistance(int point) => _kDistances[point];

    /// <summary>The training local reachability density of a distinct vector.</summary>
    public double DensityOf(int point) => _densities[point];

    private static double Density(IReadOnlyList<Neighbour> neighbourhood, double[] kDistances)
    {
        double reach = 0;
        long copies = 0;
        foreach (var neighbour in neighbourhood)
        {
            reach += neighbour.Count * Math.Max(kDistances[neighbour.Point], neighbour.Distance);
            copies += neighbour.Count;
        }

        return 1 / (reach / copies + DensityGuard);
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
            || counts.Length == 0 || counts.Any(c => c < 1) || counts.Sum() < 2 || neighbors > Math.Max(1, counts.Length - 1)
            || kDistances.Any(d => !(d >= 0) || !double.IsFinite(d)) || densities.Any(d => !(d > 0) || !double.IsFinite(d))
            || vectors.Any(v => !float.IsFinite(v)))
        {
            throw new ModelFormatException("model file: the lof model's vectors, counts, k-distances and densities do not fit together");
        }

        return new LocalOutlierFactor(new WeightedPoints(vectors, counts, dimension), metric, neighbors, kDistances, densities);
    }
}
