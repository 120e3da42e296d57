namespace Lad.Engine.Evaluation.Detection;

/// <summary>What volume anomalies a test part raised, and how many of them no labelled anomaly explains.</summary>
/// <param name="Findings">Volume findings raised over the test part.</param>
/// <param name="Unexplained">Findings with no labelled anomalous line in the time they cover: false alarms as far as the
/// labels tell.</param>
/// <param name="TestSpan">From the test part's first timed line to its last.</param>
public sealed record VolumeReport(int Findings, int Unexplained, TimeSpan TestSpan)
{
    /// <summary>Unexplained findings per day of test lines (the figure an operator pays).</summary>
    public double UnexplainedPerDay => TestSpan <= TimeSpan.Zero ? Unexplained : Unexplained / TestSpan.TotalDays;
}
