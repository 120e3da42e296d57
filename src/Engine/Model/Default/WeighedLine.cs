namespace Lad.Engine.Model.Default;

/// <summary>
/// A line weighed by <see cref="HostProfile.Weigh(Lad.Engine.Source.LogRecord, Lad.Engine.Score.IAcceptedValues?)"/>: its score and what its assessment would say of its template, while
/// its evidence waits in the weighing thread's buffer. <see cref="Profile"/> is null for a template training never saw.
/// <see cref="Severity"/> is the severity of the line's level (0 where it has none), before a routine template's own
/// level took its share off the evidence (see <c>TemplateProfile.SeverityKept</c>): what a line at that level carries;
/// <see cref="LevelBeyondHistory"/> says that level is more severe than any the host wrote in training.
/// </summary>
internal readonly record struct WeighedLine(
    double Score, TemplateProfile? Profile, long TemplateCount, double TemplateFrequency, string? NearestNormal, string? NeverSeenValue,
    double Severity, bool LevelBeyondHistory = false)
{
    /// <summary>The training template the line matched, or <see cref="Context.ContextState.Unknown"/>.</summary>
    public int TemplateId => Profile?.TemplateId ?? Context.ContextState.Unknown;
}
