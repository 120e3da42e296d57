using Lad.Engine.Model.Default.Context;
using MathNet.Numerics.Distributions;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Turns calibration lines (history lines scored by a profile that did not learn them) into a threshold that spends
/// the host's alarm budget: the lowest threshold at which held-out history would have raised at most
/// <c>budget</c> alarms per 10,000 lines, counting alarms so that what a history holds cannot dictate the result.
/// <list type="bullet">
/// <item>Lines of a routine template (one making up at least tail(sigma) of the calibration lines; sigma 3.1 → 0.1%,
/// the INFER_ANOMALY_THRESHOLD tail) each count: if they score high, the host's normal traffic does.</item>
/// <item>A rare or new template counts once, however many lines it had: an incident in the history is a burst of a few
/// distinct messages, so it spends a few alarms of the budget instead of lifting the threshold above itself; while a
/// host whose normal traffic keeps producing new templates (new URLs, agents, ids) spends many, and the threshold
/// rises above them. A routine line in a context training never showed (<see cref="EvidenceKind.Context"/>
/// evidence) counts once per template for the same reason: held-out history holds anomalous sessions too. Counting
/// each distinct rare finding instead (a rare template's lines with different values or context counts) lets the
/// anomalous sessions a history holds (3% of HDFS's) fill the whole budget and lift the threshold above them.</item>
/// <item>A routine template's line that is rare only for a value its place never held (<see cref="LineAssessment.NeverSeenValue"/>)
/// counts once per such value: an incident repeats its odd value, while a place whose new values are normal traffic
/// brings many different ones.</item>
/// </list>
/// A held-out part too short to show one alarm at the budget (fewer than 10,000 / budget lines, even with the whole of a
/// short history held out, see <see cref="CrossFitting"/>) gives the threshold over every potential alarm it holds, the
/// most it can tell. (The ceiling instead would leave a young host blind to
/// everything but severe new errors: the demo's hosts, with 200 held-out lines each, would miss their unusual values.)
/// Unless never-seen templates came in it more often than the budget allows alarms even at the lower 95% confidence
/// bound of their count (<see cref="NoveltiesBeyondBudget"/>): then the few new templates held out are no measure of
/// the many to come, and the threshold is at least what a new routine line at the host's usual severity scores
/// (<see cref="EvidenceWeights.ReferenceNewLineScore"/>), so new templates alone do not alarm, while a known line at a
/// more severe level than the host ever wrote, or a new one with error words, still does. The ceiling instead left
/// such a host blind to all but severe new errors: with demo seed 6 every host's threshold sat there, and 20 of 30
/// injected faults were missed. The result is floored at what one reason of the standard weight can add (<see cref="EvidenceWeights.OneFullReasonScore"/>)
/// on top of the severity of the level most lines carry (the median held-out severity contribution: the host's usual
/// INFO is no reason): where held-out lines carry almost no evidence they are no measure of noise, and a line beating
/// them with one weak reason is not worth a report. It is capped at what a never-seen error message scores
/// (<see cref="EvidenceWeights.ReferenceErrorScore"/>): a history full of severe new messages must not blind the host.
/// That is the bar of rare and new templates' lines. Lines of routine templates (<see cref="LineThresholds.IsRoutine"/>)
/// get a bar of their own, from their own events, with the alarms the others left: a host whose traffic keeps bringing
/// new templates says nothing by that of how high its routine lines score, and one shared bar left it deaf to a known
/// line with a user, program or state never seen where one always stood (on nine <c>lad demo</c> seeds, 85 of 270
/// injected faults missed with one bar, 39 with two, at the same 33 false alarms). Unless values where training expected
/// none came to routine templates beyond the budget (counted as new templates are): then the few held out are no
/// measure of the many to come, and routine lines keep the other bar.
/// </summary>
internal static class ThresholdCalibration
{
    /// <summary>The budget unit: alarms per this many normal lines.</summary>
    public const double BudgetLines = 10_000;

    public static CalibratedThreshold From(IReadOnlyList<LineAssessment> calibration, double sigma, double alarmBudget)
    {
        var tally = new CalibrationTally(calibration.Count, alarmBudget);
        foreach (var line in calibration)
        {
            tally.Add(HeldOutLine.Of(line));
        }

        return From(tally, sigma, alarmBudget);
    }

    /// <summary>
    /// As <see cref="From(IReadOnlyList{LineAssessment}, double, double)"/>, from a tally of every calibration line; each
    /// bar no lower than <paramref name="atLeast"/>'s where given (a cross-fitted history's bars are at least what its
    /// last part alone gives where the history drifts, see <see cref="CrossFitting.Drifts"/>).
    /// </summary>
    public static CalibratedThreshold From(CalibrationTally calibration, double sigma, double alarmBudget, LineThresholds? atLeast = null)
    {
        if (calibration.Lines == 0)
        {
            return new CalibratedThreshold(LineThresholds.Both(EvidenceWeights.ReferenceErrorScore), double.NaN);
        }

        if (calibration.Added != calibration.Lines)
        {
            throw new InvalidOperationException($"the calibration tally holds {calibration.Added} of its {calibration.Lines} lines");
        }

        var allowed = calibration.Allowed;
        // Potential alarms: every line of a routine template outside a rare context, and the highest line of each rare
        // template, new template, or template seen in a rare context.
        var routine = RoutineCount(calibration.Lines, sigma);
        var (count, highest, aboveCeiling) = calibration.Events(routine);
        // The threshold is the (allowed + 1)-th highest event score: at most `allowed` events lie above it.
        var eventQuantile = allowed >= count ? 0 : highest[allowed];
        var quantile = eventQuantile;
        var usualSeverity = calibration.MedianSeverity();
        if (allowed == 0 && NoveltiesBeyondBudget(calibration.NewTemplates, calibration.Lines, alarmBudget))
        {
            quantile = Math.Max(quantile, EvidenceWeights.ReferenceNewLineScore + usualSeverity);
        }

        var floor = EvidenceWeights.OneFullReasonScore + usualSeverity;
        var threshold = Math.Max(Math.Min(Math.Max(quantile, floor), EvidenceWeights.ReferenceErrorScore), atLeast?.Other ?? 0);
        // At or above the quantile, every event above the threshold is among the highest kept; below it the threshold
        // is the ceiling, and the tally counted the events above that.
        var above = threshold >= eventQuantile ? highest.Count(s => s > threshold) : aboveCeiling;

        // Routine templates' lines get the alarms the others left: their own events say how high the host's routine lines
        // score, which rare and new templates coming often (and the new-line floor above) do not. Unless held-out history
        // showed no routine line, or values where training expected none coming to routine templates beyond the budget
        // (as for new templates: the few held out are then no measure of the many to come).
        var routineThreshold = threshold;
        var (routineCount, routineHighest, _) = calibration.Events(routine, routineTemplatesOnly: true);
        if (routineCount > 0 && !(allowed == 0 && NoveltiesBeyondBudget(calibration.RoutineNewValues, calibration.Lines, alarmBudget)))
        {
            var allowedRoutine = Math.Max(0, allowed - calibration.OtherEventsAbove(threshold, routine));
            var routineQuantile = allowedRoutine >= routineCount ? 0 : routineHighest[allowedRoutine];
            routineThreshold = Math.Min(Math.Max(Math.Max(routineQuantile, floor), atLeast?.Routine ?? 0), threshold);
            above += routineHighest.Count(s => s > routineThreshold && s <= threshold);
        }

        return new CalibratedThreshold(new LineThresholds(threshold, routineThreshold), above * BudgetLines / calibration.Lines);
    }

    /// <summary>The confidence with which novelties (new templates, new values at routine templates) must be shown to come more often than the budget.</summary>
    public const double NewTemplateConfidence = 0.95;

    /// <summary>
    /// Whether <paramref name="distinct"/> novelties (never-seen templates, or new values at routine templates' places),
    /// each counted once as the budget counts them, in <paramref name="lines"/> calibration lines come more often than
    /// <paramref name="alarmBudget"/> per 10,000 lines at the lower <see cref="NewTemplateConfidence"/> bound of their
    /// Poisson rate: one new template in 200 lines may be chance (the bound is 2.6 per 10,000), three in 40 are not
    /// (204 per 10,000).
    /// </summary>
    internal static bool NoveltiesBeyondBudget(int distinct, int lines, double alarmBudget)
    {
        if (distinct == 0)
        {
            return false;
        }

        var lowerBound = ChiSquared.InvCDF(2 * distinct, 1 - NewTemplateConfidence) / 2;
        return lowerBound * BudgetLines / lines > alarmBudget;
    }

    /// <summary>
    /// The closing threshold: an ending making up at least tail(sigma) of the held-out sessions' endings is routine,
    /// and the threshold sits at the highest closing score a routine ending got. A routine ending of a session in a
    /// shape training seldom left sessions in does not move it: held-out history holds anomalous sessions too.
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
