namespace Lad.Engine.Model.Default;

/// <summary>
/// Turns calibration scores (lines of the host's history scored by a model that did not learn them) into a
/// threshold: mean + sigma × standard deviation, the INFER_ANOMALY_THRESHOLD rule. Never below the largest score
/// a line with no evidence at all could get, so an all-identical history still yields a usable threshold.
/// </summary>
internal static class ThresholdCalibration
{
    public static double From(IReadOnlyList<double> scores, double sigma)
    {
        if (scores.Count == 0)
        {
            return 0;
        }

        var mean = scores.Average();
        var variance = scores.Sum(s => (s - mean) * (s - mean)) / scores.Count;
        return mean + (sigma * Math.Sqrt(variance));
    }
}
