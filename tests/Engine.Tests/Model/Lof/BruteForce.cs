using Lad.Engine.Model.Lof;

namespace Lad.Engine.Tests.Model.Lof;

/// <summary>The textbook LOF over every row, all pairs, for comparison with the indexed, weighted one.</summary>
internal static class BruteForce
{
    public static double Lof(float[][] rows, float[] query, int neighbors, LofMetric metric)
    {
        var k = Math.Min(neighbors, rows.Length - 1);
        var kDistance = new double[rows.Length];
        var neighbourhoods = new int[rows.Length][];
        for (var p = 0; p < rows.Length; p++)
        {
            neighbourhoods[p] = Nearest(rows, rows[p], k, metric, exclude: p);
            kDistance[p] = LofMetrics.Distance(metric, rows[p], rows[neighbourhoods[p][^1]]);
        }

        double Density(float[] point, int[] hood) =>
            1 / (hood.Average(o => Math.Max(kDistance[o], LofMetrics.Distance(metric, point, rows[o]))) + 1e-10);

        var densities = Enumerable.Range(0, rows.Length).Select(p => Density(rows[p], neighbourhoods[p])).ToArray();
        var queryHood = Nearest(rows, query, k, metric, exclude: -1);
        return queryHood.Average(o => densities[o]) / Density(query, queryHood);
    }

    public static int[] Nearest(float[][] rows, float[] query, int k, LofMetric metric, int exclude) =>
        Enumerable.Range(0, rows.Length)
            .Where(i => i != exclude)
            .OrderBy(i => LofMetrics.Distance(metric, query, rows[i]))
            .ThenBy(i => i)
            .Take(k)
            .ToArray();
}
