namespace Lad.Engine.Model.Default;

/// <summary>The default model's view of one line before it is turned into a verdict.</summary>
internal sealed record LineAssessment(
    double Score,
    IReadOnlyList<Evidence> Evidence,
    string Template,
    long TemplateCount,
    double TemplateFrequency,
    string? NearestNormal);
