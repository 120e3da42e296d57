using Lad.Engine.Model.Default.Context;
using MathNet.Numerics.Distributions;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Turns calibration lines (history lines scored by a profile that did not learn them) into a threshold.
/// Routine messages are normal by definition, however severe they sound: a template making up at least
/// tail(sigma) of the calibration lines (sigma 3.1 → 0.1%, the INFER_ANOMALY_THRESHOLD tail) is routine, and the
/// threshold sits at the highest score any routine line got. Rarer messages are what the threshold is for, so they
/// do not move it; this keeps a history that already holds a few anomalies from hiding them. For the same reason a
/// routine line in a rare context (one carrying <see cref="EvidenceKind.Context"/> evidence, which is zero for
/// routine contexts) does not move it either: held-out history holds anomalous sessions too. The result is capped
/// by the evidence ceiling: a history full of severe new messages must not raise the bar above what a never-seen
/// error message gets (<see cref="EvidenceWeights.ReferenceErrorScore"/>), or such messages would never be reported.
/// The result is also floored at what one reason of the standard weight can add
/// (<see cref="EvidenceWeights.OneFullReasonScore"/>): on a host whose routine lines carry almost no evidence, the
/// highest of them is no measure of noise, and a line that merely beats it with weak evidence is not worth a report.
/// Lines whose template the fitted part never saw are judged as one group: novelty itself is routine on a host where
/// new templates keep arriving (at least <see cref="NoveltyRoutineShare"/> of the calibration lines, the share that
/// makes a template routine for rarity), however seldom each one repeats; on a host where they seldom arrive, a burst
/// of one new template is what the threshold is for, not something to raise it over.
/// </summary>
internal static class ThresholdCalibration
{
    /// <summary>The group key of calibration lines whose template the fitted part never saw.</summary>
    private const string NewTemplates = "\0new templates";

    /// <summary>The share of calibration lines new templates must make up for novelty to be routine.</summary>
    public const double NoveltyRoutineShare = 0.01;

    public static double From(IReadOnlyList<LineAssessment> calibration, double sigma)
    {
        if (calibration.Count == 0)
        {
            return EvidenceWeights.ReferenceErrorScore;
        }

        var routine = RoutineCount(calibration.Count, sigma);
        var routineNovelty = Math.Max(routine, (int)Math.Ceiling(NoveltyRoutineShare * calibration.Count));
        var highestRoutine = calibration
            .GroupBy(a => a.TemplateId == ContextState.Unknown ? NewTemplates : a.Template, StringComparer.Ordinal)
            .Where(g => g.Count() >= (g.Key == NewTemplates ? routineNovelty : routine))
            .Select(g => g.Where(a => !a.Evidence.Any(e => e.Kind == EvidenceKind.Context)).Select(a => a.Score).DefaultIfEmpty(0).Max())
            .DefaultIfEmpty(0)
            .Max();
        return Math.Min(Math.Max(highestRoutine, EvidenceWeights.OneFullReasonScore), EvidenceWeights.ReferenceErrorScore);
    }

    /// <summary>
    /// The closing threshold, the same way: an ending making up at least tail(sigma) of the held-out sessions' endings
    /// is routine, and the threshold sits at the highest closing score a routine ending got. As with lines, a routine
    /// ending of a session in a shape training seldom left sessions in does not move it: held-out history holds
    /// anomalous sessions too.
    /// </summary>
    public static double ForClosings(IReadOnlyList<SessionClosing> closings, double sigma)
    {
        var routine = RoutineCount(closings.Count, sigma);
        return closings
            .GroupBy(c => c.LastTemplate)
            .Where(g => g.Count() >= routine)
            .Select(g => g.Where(c => !c.RareShape).Select(c => c.Score).DefaultIfEmpty(0).Max())
            .DefaultIfEmpty(0)
            .Max();
    }

    private static int RoutineCount(int calibrationCount, double sigma) =>
        Math.Max(2, (int)Math.Ceiling((1 - Normal.CDF(0, 1, sigma)) * calibrationCount));
}
