using System.Globalization;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>Threshold metrics (from the confusion counts) and the threshold-free AUC of the score.</summary>
/// <param name="Confusion">Flagged vs. labelled counts.</param>
/// <param name="Auc">AUC-ROC of the raw score.</param>
/// <param name="OracleF1">The best F1 any threshold on the raw score would have given (<see cref="Detection.OracleF1"/>).</param>
public sealed record DetectionMetrics(ConfusionCounts Confusion, double Auc, double OracleF1)
{
    /// <summary>Computes the metrics of items flagged at one threshold on <paramref name="scores"/>.</summary>
    public static DetectionMetrics From(IReadOnlyList<double> scores, IReadOnlyList<bool> flagged, IReadOnlyList<bool> isAnomaly) =>
        From(scores, scores, flagged, isAnomaly);

    /// <summary>
    /// Computes the metrics of items ranked by <paramref name="scores"/> (AUC) and flagged when their
    /// <paramref name="margins"/> above their own thresholds are positive (the oracle sweeps the margins).
    /// </summary>
    public static DetectionMetrics From(
        IReadOnlyList<double> scores, IReadOnlyList<double> margins, IReadOnlyList<bool> flagged, IReadOnlyList<bool> isAnomaly) =>
        new(ConfusionCounts.From(flagged, isAnomaly), RocAuc.Compute(scores, isAnomaly), Detection.OracleF1.Compute(margins, isAnomaly));

    /// <summary>
    /// The one-line summary scripts parse: <c>precision p recall r f1 f auc a oracle-f1 o</c>, three decimals, invariant.
    /// </summary>
    public string SummaryLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"precision {Confusion.Precision:0.000} recall {Confusion.Recall:0.000} f1 {Confusion.F1:0.000} auc {Auc:0.000} oracle-f1 {OracleF1:0.000}");
}
