namespace Lad.Engine.Incidents;

/// <summary>One anomaly as incident grouping sees it: what it is, where and when it happened.</summary>
/// <param name="Id">The anomaly's id (in the daemon the anomaly document's <c>_id</c>); an id is counted in one incident once.</param>
/// <param name="Source">The input the line came from (in the daemon its input collection); incidents never span sources.</param>
/// <param name="Host">The host that wrote the line.</param>
/// <param name="Time">When the line was written (its timestamp, UTC), not when it was scored.</param>
/// <param name="Template">The line's template as the host's model saw it.</param>
/// <param name="Message">The line itself.</param>
/// <param name="Reasons">The model's reasons, strongest first.</param>
/// <param name="Score">The model's score.</param>
public sealed record AnomalyOccurrence(
    string Id, string Source, string Host, DateTime Time, string Template, string Message, IReadOnlyList<string> Reasons, double Score);
