namespace Lad.Engine.Model.Default;

/// <summary>Line thresholds and the false-alarm rate they gave on held-out history.</summary>
/// <param name="Thresholds">A line scoring above the threshold of its kind is anomalous.</param>
/// <param name="AlarmsPer10k">
/// Alarms per 10,000 held-out lines at <paramref name="Thresholds"/>, counted as the budget counts them (each rare or
/// new template once); NaN when there were no held-out lines.
/// </param>
internal readonly record struct CalibratedThreshold(LineThresholds Thresholds, double AlarmsPer10k);
