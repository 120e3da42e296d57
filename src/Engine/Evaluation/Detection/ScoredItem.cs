namespace Lad.Engine.Evaluation.Detection;

/// <summary>One scored test item: a line or a labelled session.</summary>
/// <param name="Key">The 1-based line number in the test file, or the session key.</param>
/// <param name="Score">The line's score, or the session's highest line or closing score.</param>
/// <param name="Flagged">The verdict at the calibrated threshold.</param>
/// <param name="IsAnomaly">The label.</param>
/// <param name="Reasons">The reasons of the verdict that gave <paramref name="Score"/>, strongest first.</param>
/// <param name="Margin">
/// How far the item is above its threshold: score minus threshold, for a session the highest of its line and closing
/// margins (they have thresholds of their own). <paramref name="Flagged"/> is exactly <c>Margin &gt; 0</c>, so a
/// threshold sweep over margins shifts both thresholds alike.
/// </param>
public sealed record ScoredItem(string Key, double Score, bool Flagged, bool IsAnomaly, IReadOnlyList<string> Reasons, double Margin);
