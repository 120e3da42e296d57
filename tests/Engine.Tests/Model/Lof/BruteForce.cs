using Lad.Engine.Model.Lof;

namespace Lad.Engine.Tests.Model.Lof;

/// <summary>
/// The textbook LOF over every row, all pairs, with Breunig et al.'s rule for duplicates: the k-distance is the
/// distance to the k-th nearest row with other coordinates, and the neighbourhood is every other row within it.
/// </summary>
internal static class BruteForce
{
    public static double Lof(float[][] rows, float[] query, int neighbors, LofMetric metric)
    {
        var distinct = rows.Select(r => string.Join(",", r)).Distinct().Count();
        var k = Math.Max(1, Math.Min(neighbors, distinct - 1));
        var kDistance = new double[rows.Length];
        var neighbourhoods = new int[rows.Length][];
        for (var p = 0; p < rows.Length; p++)
        {
            (neighbourhoods[p], kDistance[p]) = Neighbourhood(rows, rows[p], k, metric, exclude: p);
        }

        double Density(float[] point, int[] hood) =>
            1 / (hood.Average(o => Math.Max(kDistance[o], LofMetrics.Distance(metric, point, rows[o]))) + 1e-10);

        var densities = Enumerable.Range(0, rows.Length).Select(p => Density(rows[p], neighbourhoods[p])).ToArray();
        var (queryHood, _) = Neighbourhood(rows, query, k, metric, exclude: -1);
        return queryHood.Average(o => densities[o]) / Density(query, queryHood);
    }

    private static (int[] Hood, double KDistance) Neighbourhood(float[][] rows, float[] point, int k, LofMetric metric, int exclude)
    {
        var others = Enumerable.Range(0, rows.Length).Where(i => i != exclude).ToArray();
        var distinctDistances = others
            .Where(i => !rows[i].AsSpan().SequenceEqual(point))
            .Select(i => (Key: string.Join(",", rows[i]), Distance: LofMetrics.Distance(metric, point, rows[i])))
            .DistinctBy(x => x.Key)
            .Select(x => x.Distance)
            .Order()
            .ToArray();
        var kDistance = distinctDistances.Length == 0 ? 0 : distinctDistances[Math.Min(k, distinctDistances.Length) - 1];
        return (others.Where(i => LofMetrics.Distance(metric, point, rows[i]) <= kDistance).ToArray(), kDistance);
    }
}
