using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>What tests ask of a list of calibration lines, counted as <see cref="CalibrationTally"/> counts them.</summary>
internal static class CalibrationLines
{
    /// <summary>Whether the lines' distinct never-seen templates come beyond <paramref name="budget"/> (<see cref="ThresholdCalibration.NoveltiesBeyondBudget"/>).</summary>
    public static bool NewTemplatesBeyondBudget(IReadOnlyList<LineAssessment> lines, double budget) =>
        ThresholdCalibration.NoveltiesBeyondBudget(
            lines.Where(l => l.TemplateId == ContextState.Unknown).Select(l => l.Template).Distinct(StringComparer.Ordinal).Count(),
            lines.Count,
            budget);
}
