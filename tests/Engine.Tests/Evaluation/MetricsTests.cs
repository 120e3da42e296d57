using Lad.Engine.Evaluation.Detection;

namespace Lad.Engine.Tests.Evaluation;

public class MetricsTests
{
    [Fact]
    public void Confusion_counts_and_ratios()
    {
        var c = ConfusionCounts.From([true, true, false, false, true], [true, false, false, true, true]);
        Assert.Equal(new ConfusionCounts(2, 1, 1, 1), c);
        Assert.Equal(2.0 / 3, c.Precision, 12);
        Assert.Equal(2.0 / 3, c.Recall, 12);
        Assert.Equal(2.0 / 3, c.F1, 12);
    }

    [Fact]
    public void Ratios_are_zero_when_undefined()
    {
        var c = ConfusionCounts.From([false, false], [true, false]);
        Assert.Equal(0, c.Precision);
        Assert.Equal(0, c.Recall);
        Assert.Equal(0, c.F1);
    }

    [Fact]
    public void Auc_of_perfect_reversed_and_known_ranking()
    {
        Assert.Equal(1.0, RocAuc.Compute([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 12);
        Assert.Equal(0.0, RocAuc.Compute([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), 12);
        // Positives 0.5 and 0.8 each beat the negatives 0.1 and 0.4 but not 0.9: 4 of 6 pairs.
        Assert.Equal(4.0 / 6, RocAuc.Compute([0.1, 0.5, 0.4, 0.8, 0.9], [false, true, false, true, false]), 12);
    }

    [Fact]
    public void Auc_counts_ties_as_half()
    {
        Assert.Equal(0.5, RocAuc.Compute([1, 1, 1, 1], [true, false, true, false]), 12);
        // Positive 0.5 ties one negative (half) and beats one (0.1); positive 0.9 beats both: (1.5 + 2) / 4.
        Assert.Equal(3.5 / 4, RocAuc.Compute([0.1, 0.5, 0.5, 0.9], [false, false, true, true]), 12);
    }

    [Fact]
    public void Auc_needs_both_classes()
    {
        var onlyNormal = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1, 0.2], [false, false]));
        Assert.Contains("0 anomalous and 2 normal", onlyNormal.Message);
        var onlyAnomalous = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1], [true]));
        Assert.Contains("1 anomalous and 0 normal", onlyAnomalous.Message);
    }

    [Fact]
    public void Summary_line_is_invariant_with_three_decimals()
    {
        var metrics = new DetectionMetrics(new ConfusionCounts(1, 1, 1, 0), 0.75, 0.8);
        Assert.Equal("precision 0.500 recall 1.000 f1 0.667 auc 0.750 oracle-f1 0.800", metrics.SummaryLine());
    }
}
