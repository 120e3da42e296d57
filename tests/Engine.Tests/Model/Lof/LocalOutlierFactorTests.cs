using Lad.Engine.Model.Lof;

namespace Lad.Engine.Tests.Model.Lof;

public class LocalOutlierFactorTests
{
    private static LocalOutlierFactor Fit(float[] values, long[] counts, int neighbors, LofMetric metric = LofMetric.Euclidean, int dimension = 1) =>
        LocalOutlierFactor.Fit(new WeightedPoints(values, counts, dimension), neighbors, metric, TestContext.Current.CancellationToken);

    private static double Score(LocalOutlierFactor lof, params float[] query) => lof.Score(query, []);

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

        // Query 1, equal to a training vector: that one lies at distance 0 and does not count towards the k = 2 others,
        // so the neighbourhood is 1, 0 and 3, reachability max(2, 0) = 2, max(3, 1) = 3, max(3, 2) = 3: density 3/8.
        // LOF = mean(1/3, 0.4, 0.4) / (3/8) = 1.00740...
        Assert.Equal((1 / 3.0 + 0.4 + 0.4) / 3 / (3 / 8.0), Score(lof, 1), 9);
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
    public void Copies_of_a_line_are_in_its_neighbourhood_but_k_counts_distinct_vectors()
    {
        // 0 three times, 2 and 3 once, k = 1 (the k-distinct-distance of Breunig et al. for duplicates).
        // 0: its two other copies (at 0) and 2 (at 2): k-distance 2. 2: neighbour 3 (at 1), k-distance 1. 3: 2, 1.
        // Density of 0 = 1 / mean(max(2, 0), max(2, 0), max(1, 2)) = 0.5; of 2 = 1 / max(1, 1) = 1; of 3 likewise 1.
        var lof = Fit([0, 2, 3], [3, 1, 1], neighbors: 1);
        Assert.Equal([2.0, 1.0, 1.0], [lof.KDistance(0), lof.KDistance(1), lof.KDistance(2)]);
        Assert.Equal([0.5, 1, 1], [lof.DensityOf(0), lof.DensityOf(1), lof.DensityOf(2)], (a, b) => Math.Abs(a - b) < 1e-9);

        // Query 0: the three copies of 0 (reachability max(2, 0) = 2) and 2 (max(1, 2) = 2): density 0.5.
        // LOF = (3 x 0.5 + 1) / 4 / 0.5 = 1.25: the copies weigh as the lines they are.
        Assert.Equal(1.25, Score(lof, 0), 9);

        // Query -1: the copies of 0 at 1, reachability max(2, 1) = 2, density 0.5, LOF 1.
        Assert.Equal(1, Score(lof, -1), 9);

        // Query 10: 3 at 7, reachability 7, density 1/7, LOF 1 / (1/7) = 7.
        Assert.Equal(7, Score(lof, 10), 1e-8);
    }

    [Fact]
    public void A_line_repeated_more_than_k_times_keeps_a_finite_density()
    {
        // Counted per row (scikit-learn), 500 copies of 0 with k = 5 have k-distance 0 and density 1e10, and a line at 0.5
        // would score 5e9. Counted by distinct vectors, 0's k-distance is the distance to 1.
        var lof = Fit([0, 1], [500, 1], neighbors: 5);

        Assert.Equal((1, 1.0), (lof.Neighbors, lof.KDistance(0)));
        Assert.Equal(1, lof.DensityOf(0), 9);
        Assert.Equal(1, Score(lof, 0.5f), 9);
        Assert.Equal(1, Score(lof, 0), 9);
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
            foreach (var k in new[] { 1, 4, 7, 60 })
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
    public void More_neighbours_than_distinct_vectors_are_capped_at_their_number_minus_one()
    {
        var lof = Fit([0, 1, 3], [1, 4, 1], neighbors: 100);

        Assert.Equal(2, lof.Neighbors);
        Assert.Equal(Fit([0, 1, 3], [1, 4, 1], neighbors: 2).DensityOf(1), lof.DensityOf(1));
    }

    [Fact]
    public void One_line_cannot_be_fitted_and_one_repeated_line_flags_any_other()
    {
        var e = Assert.Throws<ArgumentException>(() => Fit([0], [1], neighbors: 5));
        Assert.Contains("at least 2 training lines", e.Message, StringComparison.Ordinal);

        var lof = Fit([7], [100], neighbors: 5);
        Assert.Equal(1, Score(lof, 7), 9);
        Assert.True(Score(lof, 7.5f) > 1e6);
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
