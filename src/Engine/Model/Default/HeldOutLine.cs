using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Model.Default;

/// <summary>
/// What <see cref="CalibrationTally"/> counts of one held-out line: its template (id, or
/// <see cref="ContextState.Unknown"/>, and text), score, template's share of the fitted history, the never-seen value
/// that made it rare, whether its context was a rare one, and what its level added to its score.
/// </summary>
internal readonly record struct HeldOutLine(
    int TemplateId, string Template, double Score, double TemplateFrequency, string? NeverSeenValue, bool InRareContext, double SeverityContribution)
{
    /// <summary>The held-out line an assessment describes (one with reasons, as a test or a caller holding one has it).</summary>
    public static HeldOutLine Of(LineAssessment line)
    {
        var inRareContext = false;
        var severity = 0.0;
        foreach (var evidence in line.Evidence)
        {
            inRareContext |= evidence.Kind == EvidenceKind.Context;
            severity += evidence.Kind == EvidenceKind.Severity ? evidence.Contribution : 0;
        }

        return new HeldOutLine(line.TemplateId, line.Template, line.Score, line.TemplateFrequency, line.NeverSeenValue, inRareContext, severity);
    }
}
