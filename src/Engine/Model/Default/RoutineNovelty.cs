namespace Lad.Engine.Model.Default;

/// <summary>
/// How much a never-seen value or word of one place (a template's parameter, a template's words) counts on its host:
/// fully where training expects new ones there at most as often as the default alarm budget allows across the host's
/// lines, otherwise the budget over that expectation, so that the place's new ones together stay within it. Such places
/// are the host's routine however surprising one value is within its template: a pool's worker names, a fleet's
/// clients, session ids cut into letter runs.
/// </summary>
internal static class RoutineNovelty
{
    /// <summary>The weight, in (0, 1], of a place that <paramref name="placeLines"/> of the host's
    /// <paramref name="hostLines"/> training lines held and that brought a new one in <paramref name="newRate"/> of them.</summary>
    public static double Weight(double placeLines, long hostLines, double newRate)
    {
        var expectedPerBudgetLines = hostLines == 0 ? 0 : placeLines / hostLines * newRate * ThresholdCalibration.BudgetLines;
        return expectedPerBudgetLines <= DetectorOptions.DefaultAlarmBudget ? 1 : DetectorOptions.DefaultAlarmBudget / expectedPerBudgetLines;
    }
}
