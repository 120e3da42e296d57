using Lad.Engine.Model.Lof;

namespace Lad.Engine.Tests.Model.Lof;

public class VantagePointTreeTests
{
    [Theory]
    [InlineData(LofMetric.Euclidean)]
    [InlineData(LofMetric.Manhattan)]
    [InlineData(LofMetric.Chebyshev)]
    public void Finds_the_same_neighbours_as_a_scan_of_all_points(LofMetric metric)
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
            foreach (var k in new[] { 1, 5, 100, 2000 })
            {
                tree.NearestDistinct(query, k, found);
                Assert.Equal(Scan(points, query, k, metric), found);
            }
        }
    }

    [Fact]
    public void Ties_are_broken_by_point_index_whatever_the_tree_shape()
    {
        // Twenty points (a, 1 - a), a = i/32, all at Manhattan distance exactly 1 from the origin: the three lowest
        // indexes are the nearest three, each with its count.
        var vectors = Enumerable.Range(0, 20).SelectMany(i => new[] { i / 32f, 1 - i / 32f }).ToArray();
        var counts = Enumerable.Range(0, 20).Select(i => (long)i + 1).ToArray();
        var tree = new VantagePointTree(new WeightedPoints(vectors, counts, 2), LofMetric.Manhattan);
        var found = new List<Neighbour>();

        tree.NearestDistinct([0, 0], 3, found);

        Assert.Equal([new Neighbour(0, 1, 1), new Neighbour(1, 1, 2), new Neighbour(2, 1, 3)], found);
    }

    private static List<Neighbour> Scan(WeightedPoints points, float[] query, int k, LofMetric metric) =>
        Enumerable.Range(0, points.Count)
            .Select(p => new Neighbour(p, LofMetrics.Distance(metric, query, points.Vector(p)), points.Counts[p]))
            .OrderBy(n => n.Distance).ThenBy(n => n.Point)
            .Take(k)
            .ToList();
}
