using Lad.Engine.Model.Default.Context;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// What <see cref="CalibrationTally"/> counts of one held-out line: its template (id, or
/// <see cref="ContextState.Unknown"/>, and text), score, template's share of the fitted history, the never-seen value
/// that made it rare, whether its context was a rare one, what its level adds to a line's score (before a routine
/// template's own level took its share off: see <see cref="LineAssessment.LevelSeverity"/>), and what its context added
/// (<paramref name="ContextContribution"/>). <paramref name="Record"/> is the line itself where the tally may weigh it
/// again under the final profile (<see cref="CalibrationTally.RaiseTo"/>); null where it may not.
/// </summary>
internal readonly record struct HeldOutLine(
    int TemplateId,
    string Template,
    double Score,
    double TemplateFrequency,
    string? NeverSeenValue,
    bool InRareContext,
    double SeverityContribution,
    double ContextContribution = 0,
    LogRecord? Record = null)
{
    /// <summary>The held-out line an assessment describes (one with reasons, as a test or a caller holding one has it).</summary>
    public static HeldOutLine Of(LineAssessment line)
    {
        var inRareContext = false;
        var severity = 0.0;
        var context = 0.0;
        foreach (var evidence in line.Evidence)
        {
            inRareContext |= evidence.Kind == EvidenceKind.Context;
            severity += evidence.Kind == EvidenceKind.Severity ? evidence.Contribution : 0;
            context += evidence.Kind == EvidenceKind.Context ? evidence.Contribution : 0;
        }

        // What the line's level adds before a routine template's own level took its share off, where a profile said.
        if (line.LevelSeverity is { } level)
        {
            severity = level > 0 ? LineAssessment.ContributionOf(EvidenceKind.Severity, level) : 0;
        }

        return new HeldOutLine(line.TemplateId, line.Template, line.Score, line.TemplateFrequency, line.NeverSeenValue, inRareContext, severity, context);
    }
}
