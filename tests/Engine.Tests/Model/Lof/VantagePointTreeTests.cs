using Lad.Engine.Model.Lof;

namespace Lad.Engine.Tests.Model.Lof;

public class VantagePointTreeTests
{
    [Theory]
    [InlineData(LofMetric.Euclidean)]
    [InlineData(LofMetric.Manhattan)]
    [InlineData(LofMetric.Chebyshev)]
    public void Finds_the_same_weighted_neighbours_as_a_scan_of_all_points(LofMetric metric)
    {
        var random = new Random(3);
        const int dimension = 4;
        // Clustered points, as log vectors are, plus scattered ones; more than a leaf holds, so the pruning is exercised.
        var vectors = Enumerable.Range(0, 600)
            .SelectMany(i => Enumerable.Range(0, dimension).Select(d => (float)((i % 5) * 3 + random.NextDouble() * (i % 7 == 0 ? 10 : 0.5))))
            .ToArray();
        var counts = Enumerable.Range(0, 600).Select(_ => (long)random.Next(1, 4)).ToArray();
        var points = new WeightedPoints(vectors, counts, dimension);
        var tree = new VantagePointTree(points, metric);
        var found = new List<Neighbour>();

        for (var q = 0; q < 50; q++)
        {
            var query = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 15)).ToArray();
            foreach (var k in new long[] { 1, 5, 100, 2000 })
            {
                tree.Nearest(query, k, found);
                Assert.Equal(Scan(points, query, k, metric), found);
            }
        }
    }

    [Fact]
    public void Ties_are_broken_by_point_index_whatever_the_tree_shape()
    {
        // Twenty points (a, 1 - a), a = i/32, all at Manhattan distance exactly 1 from the origin: the three lowest
        // indexes are the nearest three, and a partial count comes from the last of them.
        var vectors = Enumerable.Range(0, 20).SelectMany(i => new[] { i / 32f, 1 - i / 32f }).ToArray();
        var counts = Enumerable.Repeat(2L, 20).ToArray();
        var tree = new VantagePointTree(new WeightedPoints(vectors, counts, 2), LofMetric.Manhattan);
        var found = new List<Neighbour>();

        tree.Nearest([0, 0], 5, found);

        Assert.Equal([new Neighbour(0, 1, 2), new Neighbour(1, 1, 2), new Neighbour(2, 1, 1)], found);
    }

    private static List<Neighbour> Scan(WeightedPoints points, float[] query, long k, LofMetric metric)
    {
        var result = new List<Neighbour>();
        long taken = 0;
        foreach (var point in Enumerable.Range(0, points.Count)
                     .Select(p => (Point: p, Distance: LofMetrics.Distance(metric, query, points.Vector(p))))
                     .OrderBy(p => p.Distance).ThenBy(p => p.Point))
        {
            if (taken >= k)
            {
                break;
            }

            var count = Math.Min(points.Counts[point.Point], k - taken);
            result.Add(new Neighbour(point.Point, point.Distance, count));
            taken += count;
        }

        return result;
    }
}
