namespace Lad.Engine.Evaluation.Detection;

/// <summary>
/// The best F1 any threshold on a score would have given: the ceiling a calibration can reach with that ranking, so
/// the gap between it and the F1 at the calibrated threshold is what the calibration cost.
/// </summary>
public static class OracleF1
{
    /// <summary>
    /// Tries every cut between distinct scores (items scoring above the cut are flagged; tied items are flagged
    /// together, as a threshold would flag them). 0 when there are no anomalies.
    /// </summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> isAnomaly)
    {
        if (scores.Count != isAnomaly.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {isAnomaly.Count} labels", nameof(scores));
        }

        long positives = isAnomaly.Count(a => a);
        if (positives == 0)
        {
            return 0;
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        long truePositives = 0, flagged = 0;
        var best = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && scores[order[end]].Equals(scores[order[start]]))
            {
                truePositives += isAnomaly[order[end]] ? 1 : 0;
                end++;
            }

            flagged += end - start;
            // F1 = 2TP / (flagged + positives).
            best = Math.Max(best, 2.0 * truePositives / (flagged + positives));
            start = end;
        }

        return best;
    }
}
