namespace Lad.Engine.Source;

/// <summary>One parsed input line with its position and, when the format carries one, its label.</summary>
/// <param name="Record">The message and level as the engine sees them.</param>
/// <param name="LineNumber">The 1-based line number in the input file.</param>
/// <param name="IsAnomaly">The line's own label (BGL), or null when the format has no line labels.</param>
/// <param name="RawLine">The whole line as read (without its line ending); session keys are looked up in it.</param>
/// <param name="Time">The line's time (UTC) when its format carries one; volume anomalies are judged on it.</param>
public sealed record LabelledLine(LogRecord Record, long LineNumber, bool? IsAnomaly, string RawLine, DateTime? Time = null);
