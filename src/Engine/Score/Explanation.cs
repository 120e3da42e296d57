namespace Lad.Engine.Score;

/// <summary>Why a line scored as it did, in terms a person can check against the host's history.</summary>
/// <param name="Reasons">Human-readable reasons, strongest first (e.g. "template never seen in training").</param>
/// <param name="Template">The line's template (variables shown as <c>&lt;*&gt;</c>).</param>
/// <param name="TemplateTrainingCount">How many training lines had this template (0 when it is new).</param>
/// <param name="TemplateTrainingFrequency">That count divided by the number of training lines.</param>
/// <param name="NearestNormal">The closest normal template or line seen in training, if any.</param>
public sealed record Explanation(
    IReadOnlyList<string> Reasons,
    string Template,
    long TemplateTrainingCount,
    double TemplateTrainingFrequency,
    string? NearestNormal);
