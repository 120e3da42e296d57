using Lad.Engine.Evaluation.Detection;

namespace Lad.Engine.Tests.Evaluation;

public class OracleF1Tests
{
    [Fact]
    public void A_ranking_that_separates_the_classes_has_an_oracle_f1_of_one()
    {
        Assert.Equal(1.0, OracleF1.Compute([0.1, 0.9, 0.2, 0.8], [false, true, false, true]), 9);
    }

    [Fact]
    public void The_best_cut_is_found_among_every_cut()
    {
        // Descending: 0.9 (A), 0.8 (N), 0.7 (A), 0.6 (A), 0.1 (N). Cuts flag 1, 2, 3, 4 or 5 items:
        // F1 = 2/4, 2/5, 4/6, 6/7, 6/8; the best is flagging the top four, 6/7.
        Assert.Equal(6.0 / 7, OracleF1.Compute([0.9, 0.8, 0.7, 0.6, 0.1], [true, false, true, true, false]), 9);
    }

    [Fact]
    public void Tied_scores_are_flagged_together()
    {
        // One anomaly tied with three normal items: no threshold flags it alone, so the best is 2·1/(4+1).
        Assert.Equal(0.4, OracleF1.Compute([0.5, 0.5, 0.5, 0.5, 0.1], [true, false, false, false, false]), 9);
    }

    [Fact]
    public void No_anomalies_give_zero()
    {
        Assert.Equal(0, OracleF1.Compute([0.5, 0.1], [false, false]));
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OracleF1.Compute([0.5], [false, true]));
    }
}
