using Lad.Engine.Model.Lof;

namespace Lad.Engine.Tests.Model.Lof;

public class LocalOutlierFactorTests
{
    private static LocalOutlierFactor Fit(float[] values, long[] counts, int neighbors, LofMetric metric = LofMetric.Euclidean, int dimension = 1) =>
        LocalOutlierFactor.Fit(new WeightedPoints(values, counts, dimension), neighbors, metric, TestContext.Current.CancellationToken);

    private static double Score(LocalOutlierFactor lof, params float[] query) => lof.Score(query, [], out _);

    [Fact]
    public void Three_points_on_a_line_give_the_hand_computed_densities_and_factors()
    {
        // Points 0, 1, 3 and k = 2. k-distances: 0 -> 3 (its farther neighbour is 3), 1 -> 2, 3 -> 3.
        // Reachability 0->1 = max(2, 1) = 2, 0->3 = max(3, 3) = 3: density of 0 = 1 / 2.5 = 0.4.
        // 1->0 = max(3, 1) = 3, 1->3 = max(3, 2) = 3: density 1/3.  3->1 = max(2, 2) = 2, 3->0 = 3: density 0.4.
        var lof = Fit([0, 1, 3], [1, 1, 1], neighbors: 2);

        Assert.Equal([3.0, 2.0, 3.0], [lof.KDistance(0), lof.KDistance(1), lof.KDistance(2)]);
        Assert.Equal(0.4, lof.DensityOf(0), 9);
        Assert.Equal(1 / 3.0, lof.DensityOf(1), 9);
        Assert.Equal(0.4, lof.DensityOf(2), 9);

        // Query 5: neighbours 3 (at 2) and 1 (at 4); reachability max(3, 2) = 3 and max(2, 4) = 4: density 1 / 3.5.
        // LOF = mean(0.4, 1/3) * 3.5 = 1.28333...
        Assert.Equal((0.4 + 1 / 3.0) / 2 * 3.5, Score(lof, 5), 9);

        // Query 1 (a training point; novelty mode does not leave it out): neighbours 1 (at 0) and 0 (at 1);
        // reachability max(2, 0) = 2 and max(3, 1) = 3: density 0.4; LOF = mean(1/3, 0.4) / 0.4 = 0.91666...
        Assert.Equal((1 / 3.0 + 0.4) / 2 / 0.4, Score(lof, 1), 9);
    }

    [Fact]
    public void Far_points_score_far_above_the_threshold_and_cluster_points_about_one()
    {
        var grid = Enumerable.Range(0, 100).SelectMany(i => new[] { (float)(i % 10), (float)(i / 10) }).ToArray();
        var lof = Fit(grid, Enumerable.Repeat(1L, 100).ToArray(), neighbors: 8, dimension: 2);

        Assert.InRange(Score(lof, 4.5f, 4.5f), 0.9, 1.1);
        Assert.True(Score(lof, 40, 40) > 10);
    }

    [Fact]
    public void Repeated_lines_count_once_per_line_as_scikit_learn_counts_duplicate_rows()
    {
        // 0 three times and 1 once, k = 2. Each copy of 0 has two other copies at distance 0: k-distance 0 and density
        // 1 / (0 + 1e-10) = 1e10. Point 1's neighbours are two copies of 0 at 1: reachability max(0, 1) = 1, density 1.
        var lof = Fit([0, 1], [3, 1], neighbors: 2);
        Assert.Equal(0, lof.KDistance(0));
        Assert.Equal(1e10, lof.DensityOf(0), 1);
        Assert.Equal(1, lof.KDistance(1));
        Assert.Equal(1, lof.DensityOf(1), 9);

        // Query 0: its two neighbours are copies of 0 at distance 0, so its density equals theirs: LOF 1.
        Assert.Equal(1, Score(lof, 0), 9);

        // Query 1: neighbours 1 (at 0, reachability max(1, 0) = 1) and one copy of 0 (at 1, max(0, 1) = 1): density
        // 1 / (1 + 1e-10), LOF = mean(1, 1e10) * (1 + 1e-10).
        Assert.Equal((1 + 1e10) / 2 * (1 + 1e-10), Score(lof, 1), 1e-3);
    }

    [Fact]
    public void Weighted_points_give_the_same_factors_as_the_repeated_rows()
    {
        var random = new Random(11);
        const int dimension = 3;
        var distinct = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var counts = distinct.Select(_ => (long)random.Next(1, 6)).ToArray();
        var rows = distinct.SelectMany((v, i) => Enumerable.Repeat(v, (int)counts[i])).ToArray();
        var queries = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 1.4 - 0.2)).ToArray()).ToArray();

        foreach (var metric in Enum.GetValues<LofMetric>())
        {
            foreach (var k in new[] { 1, 4, 7, 20 })
            {
                var lof = Fit(distinct.SelectMany(v => v).ToArray(), counts, k, metric, dimension);
                foreach (var query in queries.Concat(distinct.Take(5)))
                {
                    var expected = BruteForce.Lof(rows, query, k, metric);
                    Assert.Equal(expected, Score(lof, query), 1e-9 * expected);
                }
            }
        }
    }

    [Fact]
    public void More_neighbours_than_lines_are_capped_at_the_lines_minus_one()
    {
        var lof = Fit([0, 1, 3], [1, 1, 1], neighbors: 100);

        Assert.Equal(2, lof.Neighbors);
        Assert.Equal(Fit([0, 1, 3], [1, 1, 1], neighbors: 2).DensityOf(1), lof.DensityOf(1));
    }

    [Fact]
    public void One_line_cannot_be_fitted()
    {
        var e = Assert.Throws<ArgumentException>(() => Fit([0], [1], neighbors: 5));
        Assert.Contains("at least 2 training lines", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_rows_merge_and_minus_zero_is_zero()
    {
        var points = WeightedPoints.Distinct([1, 2, 0, -0f, 1, 2, 0, 0], [2, 3, 4, 5], 2, out var pointOfRow);

        Assert.Equal(2, points.Count);
        Assert.Equal([6L, 8L], points.Counts);
        Assert.Equal([0, 1, 0, 1], pointOfRow);
        Assert.Equal(14, points.Total);
    }
}
