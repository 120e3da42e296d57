namespace Lad.Engine.Score;

/// <summary>LAD's calibration: a score is anomalous above mean + N·std of the training scores.</summary>
public static class SigmaThreshold
{
    /// <summary>
    /// The weighted mean plus <paramref name="sigma"/> weighted (population) standard deviations of
    /// <paramref name="scores"/>, where <paramref name="weights"/> say how many training lines share each score.
    /// </summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<double> weights, double sigma)
    {
        if (scores.Count != weights.Count || scores.Count == 0)
        {
            throw new ArgumentException($"need one weight per score and at least one score ({scores.Count} scores, {weights.Count} weights)");
        }

        double total = 0, mean = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            total += weights[i];
            mean += weights[i] * scores[i];
        }

        mean /= total;
        double variance = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            variance += weights[i] * (scores[i] - mean) * (scores[i] - mean);
        }

        return mean + sigma * Math.Sqrt(variance / total);
    }
}
