namespace Lad.Engine.Evaluation.Detection;

/// <summary>Area under the ROC curve of a score, where a higher score should mean "more anomalous".</summary>
public static class RocAuc
{
    /// <summary>
    /// Computes the AUC as the Mann-Whitney statistic with tied scores given their average rank, which equals
    /// the trapezoidal area under the ROC curve (a tie between a positive and a negative counts one half).
    /// Throws <see cref="ArgumentException"/> when either class is missing, since the AUC is then undefined.
    /// </summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> isAnomaly)
    {
        if (scores.Count != isAnomaly.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {isAnomaly.Count} labels", nameof(scores));
        }

        long positives = isAnomaly.Count(a => a);
        long negatives = isAnomaly.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"AUC needs both classes, but the test data has {positives} anomalous and {negatives} normal items");
        }

        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("AUC cannot rank NaN scores", nameof(scores));
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                end++;
            }

            // Ranks start..end-1 (0-based) share the average 1-based rank.
            var averageRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (isAnomaly[order[k]])
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end;
        }

        var u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
