namespace Lad.Engine.Score;

/// <summary>What a model says about one line: a score, the calibrated threshold and why.</summary>
/// <param name="Score">Higher means more anomalous; comparable only within one trained model.</param>
/// <param name="Threshold">The model's calibrated threshold: the line is anomalous when <paramref name="Score"/> exceeds it.</param>
/// <param name="Explanation">Evidence a person can act on.</param>
public sealed record AnomalyVerdict(double Score, double Threshold, Explanation Explanation)
{
    /// <summary>True when the score exceeds the calibrated threshold.</summary>
    public bool IsAnomaly => Score > Threshold;
}
