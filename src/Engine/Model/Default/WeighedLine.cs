namespace Lad.Engine.Model.Default;

/// <summary>
/// A line weighed by <see cref="HostProfile.Weigh(Lad.Engine.Source.LogRecord, Lad.Engine.Score.IAcceptedValues?)"/>: its score and what its assessment would say of its template, while
/// its evidence waits in the weighing thread's buffer. <see cref="Profile"/> is null for a template training never saw.
/// <see cref="Severity"/> is the severity of the line's level that was weighed in (0 where none was);
/// <see cref="LevelBeyondHistory"/> says that level is more severe than any the host wrote in training.
/// </summary>
internal readonly record struct WeighedLine(
    double Score, TemplateProfile? Profile, long TemplateCount, double TemplateFrequency, string? NearestNormal, string? NeverSeenValue,
    double Severity, bool LevelBeyondHistory = false)
{
    /// <summary>The training template the line matched, or <see cref="Context.ContextState.Unknown"/>.</summary>
    public int TemplateId => Profile?.TemplateId ?? Context.ContextState.Unknown;
}
