namespace Lad.Engine.Evaluation.Detection;

/// <summary>Confusion counts of a binary detector where "positive" means anomalous.</summary>
/// <param name="TruePositives">Anomalies flagged.</param>
/// <param name="FalsePositives">Normal items flagged.</param>
/// <param name="TrueNegatives">Normal items not flagged.</param>
/// <param name="FalseNegatives">Anomalies missed.</param>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>Labelled anomalies.</summary>
    public long Positives => TruePositives + FalseNegatives;

    /// <summary>Labelled normal items.</summary>
    public long Negatives => TrueNegatives + FalsePositives;

    /// <summary>TP / (TP + FP); 0 when nothing was flagged.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when there are no anomalies.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Counts flagged vs. labelled pairs.</summary>
    public static ConfusionCounts From(IReadOnlyList<bool> flagged, IReadOnlyList<bool> isAnomaly)
    {
        if (flagged.Count != isAnomaly.Count)
        {
            throw new ArgumentException($"{flagged.Count} predictions but {isAnomaly.Count} labels", nameof(flagged));
        }

        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < flagged.Count; i++)
        {
            switch (flagged[i], isAnomaly[i])
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
