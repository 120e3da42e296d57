using Lad.Engine.Evaluation.Parsing;

namespace Lad.Engine.Tests.Evaluation;

public class ParsingMetricsTests
{
    [Fact]
    public void Scores_a_hand_made_example()
    {
        // True groups: A = {0,1}, B = {2,3}, C = {4}. Predicted: 1 = {0,1} exact, 2 = {2} (B split), 3 = {3,4} mixed.
        string[] truth = ["A", "A", "B", "B", "C"];
        int[] groups = [1, 1, 2, 3, 3];
        string[] texts = ["A", "A", "B", "X", "X"];

        var s = ParsingMetrics.Evaluate(truth, groups, texts);

        Assert.Equal(0.4, s.GroupingAccuracy, 9);
        Assert.Equal(1.0 / 3, s.GroupingF1, 9);
        Assert.Equal(0.6, s.ParsingAccuracy, 9);
        Assert.Equal(1.0 / 3, s.TemplateF1, 9);
        Assert.Equal(3, s.PredictedGroups);
        Assert.Equal(3, s.TrueGroups);
    }

    [Fact]
    public void An_exact_group_with_the_wrong_text_counts_for_grouping_but_not_templates()
    {
        string[] truth = ["A", "A", "B"];
        int[] groups = [7, 7, 8];
        string[] texts = ["A <*>", "A <*>", "B"];

        var s = ParsingMetrics.Evaluate(truth, groups, texts);

        Assert.Equal(1.0, s.GroupingAccuracy, 9);
        Assert.Equal(1.0, s.GroupingF1, 9);
        Assert.Equal(1.0 / 3, s.ParsingAccuracy, 9);
        Assert.Equal(0.5, s.TemplateF1, 9);
    }

    [Fact]
    public void Precision_and_recall_differ_when_group_counts_differ()
    {
        // Four predicted groups, two true groups; only {2} vs B... B = {2}: exact. A = {0,1,3} is split in three.
        string[] truth = ["A", "A", "B", "A"];
        int[] groups = [1, 2, 3, 4];
        string[] texts = ["A", "A", "B", "A"];

        var s = ParsingMetrics.Evaluate(truth, groups, texts);

        Assert.Equal(0.25, s.GroupingAccuracy, 9);
        // precision 1/4, recall 1/2 -> F1 = 2 * 0.125 / 0.75 = 1/3
        Assert.Equal(1.0 / 3, s.GroupingF1, 9);
        Assert.Equal(1.0, s.ParsingAccuracy, 9);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected() =>
        Assert.Throws<ArgumentException>(() => ParsingMetrics.Evaluate(["A"], [1, 2], ["A"]));
}
