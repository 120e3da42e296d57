namespace Lad.Engine.Model.Default;

/// <summary>A line threshold and the false-alarm rate it gave on held-out history.</summary>
/// <param name="Threshold">A line scoring above it is anomalous.</param>
/// <param name="AlarmsPer10k">
/// Alarms per 10,000 held-out lines at <paramref name="Threshold"/>, counted as the budget counts them (each rare or
/// new template once); NaN when there were no held-out lines.
/// </param>
internal readonly record struct CalibratedThreshold(double Threshold, double AlarmsPer10k);
