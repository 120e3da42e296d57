using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default;

public class ThresholdCalibrationTests
{
    private static LineAssessment Line(string template, double score) => new(score, [], template, 1, 0, null, 1);

    private static LineAssessment NewLine(string template, double score) =>
        new(score, [new Evidence(EvidenceKind.NewTemplate, 1, 0.1 / 1.3, "template never seen")], template, 0, 0, null, -1);

    // A line of a template making up 5% of the fitted history: routine, so it is judged against the routine bar.
    private static LineAssessment RoutineLine(int templateId, double score, string? neverSeen = null) =>
        new(score, [], $"routine {templateId}", 50, 0.05, null, templateId, neverSeen);

    private static List<LineAssessment> Lines(params (string Template, int Count, double Score)[] groups) =>
        groups.SelectMany(g => Enumerable.Repeat(Line(g.Template, g.Score), g.Count)).ToList();

    private static double Threshold(List<LineAssessment> lines, double budget = 10, double sigma = 3.1) =>
        ThresholdCalibration.From(lines, sigma, budget).Thresholds.Other;

    [Fact]
    public void TheThresholdLetsThroughTheBudgetOfRoutineLines()
    {
        // 10,000 lines at a budget of 10 per 10,000: ten routine lines may score above the threshold, not eleven.
        var lines = Lines(("a", 9970, 0.16));
        lines.AddRange(Enumerable.Range(0, 30).Select(i => Line("a", 0.30 + (i * 0.001))));

        var calibrated = ThresholdCalibration.From(lines, 3.1, 10);

        Assert.Equal(0.319, calibrated.Thresholds.Other, 10);
        Assert.Equal(10, calibrated.AlarmsPer10k, 10);
        Assert.Equal(0.309, Threshold(lines, budget: 20), 10);
    }

    [Fact]
    public void ABurstOfOneRareTemplateSpendsOneAlarm()
    {
        // 2,000 lines: the budget allows two alarms. A 300-line burst of one never-seen message and a rare template
        // are one alarm each, so the threshold stays at the routine lines instead of rising above the burst.
        var lines = Lines(("a", 1699, 0.16));
        lines.AddRange(Enumerable.Repeat(NewLine("kernel panic <*>", 0.45), 300));
        lines.Add(Line("rare", 0.40));

        Assert.Equal(0.16, Threshold(lines), 10);
        Assert.Equal(10, ThresholdCalibration.From(lines, 3.1, 10).AlarmsPer10k, 10);
    }

    [Fact]
    public void ManyDistinctNewTemplatesRaiseTheThresholdAboveThem()
    {
        // A host whose normal traffic brings a new template every 100 lines: 30 in 3,000 lines, more than the three the
        // budget allows, so the threshold rises to the fourth highest of them.
        var lines = Lines(("a", 2970, 0.10));
        lines.AddRange(Enumerable.Range(0, 30).Select(i => NewLine($"new {i}", 0.30 + (i * 0.001))));

        Assert.Equal(0.326, Threshold(lines), 10);
    }

    [Fact]
    public void RoutineLinesInARareContextCountOncePerTemplate()
    {
        // 1,000 lines allow one alarm: twenty 'b' lines out of their usual context are one alarm, not twenty.
        var lines = Lines(("a", 980, 0.16));
        lines.AddRange(Enumerable.Repeat(Line("b", 0.30).With(EvidenceKind.Context, 1, "2nd 'b' in this session"), 20));

        Assert.Equal(0.16, Threshold(lines), 10);
    }

    [Fact]
    public void AHeldOutPartTooShortForOneAlarmGivesTheThresholdOverEveryLine()
    {
        // 999 lines at 10 per 10,000 cannot show one alarm: the highest potential alarm sets the threshold.
        var lines = Lines(("a", 998, 0.16));
        lines.Add(NewLine("odd", 0.35));

        var calibrated = ThresholdCalibration.From(lines, 3.1, 10);

        Assert.Equal((0.35, 0.0), (calibrated.Thresholds.Other, calibrated.AlarmsPer10k));
        lines.Add(Line("a", 0.16));
        Assert.Equal(0.16, Threshold(lines), 10);
    }

    [Fact]
    public void AShortHeldOutPartThatKeepsBringingNewTemplatesKeepsNewRoutineLinesBelowTheThreshold()
    {
        // 40 lines holding three never-seen templates: even the lower 95% bound of their rate (0.82 in 40 lines, 204 per
        // 10,000) is far beyond a budget of 10, so the three held out are no measure of the new templates to come. The
        // threshold is what a new routine line scores at most (new, rare, sharing no word: 0.45 of the 1.3 weight), above
        // the held-out lines, yet below a known line with a level it never had or a new one with error words.
        var lines = Lines(("a", 35, 0.03));
        lines.AddRange([NewLine("new 1", 0.30), NewLine("new 1", 0.30), NewLine("new 2", 0.29), NewLine("new 3", 0.28), Line("a", 0.25)]);

        Assert.True(CalibrationLines.NewTemplatesBeyondBudget(lines, 10));
        Assert.Equal(0.45 / 1.3, EvidenceWeights.ReferenceNewLineScore, 10);
        Assert.Equal(EvidenceWeights.ReferenceNewLineScore, Threshold(lines), 10);
        Assert.True(Threshold(lines) < EvidenceWeights.ReferenceErrorScore);

        // A held-out new template scoring higher than that still sets the threshold above itself.
        lines.Add(NewLine("new 4", 0.44));
        Assert.Equal(0.44, Threshold(lines), 10);
    }

    [Fact]
    public void OneNewTemplateInAShortHeldOutPartMayBeChance()
    {
        // One never-seen template in 200 lines: its rate's lower 95% bound is 2.6 per 10,000, within a budget of 10, so
        // the highest potential alarm still sets the threshold (as on the demo's hosts).
        var lines = Lines(("a", 198, 0.10));
        lines.AddRange([NewLine("new 1", 0.26), NewLine("new 1", 0.26)]);

        Assert.False(CalibrationLines.NewTemplatesBeyondBudget(lines, 10));
        Assert.Equal(0.26, Threshold(lines), 10);
        Assert.True(CalibrationLines.NewTemplatesBeyondBudget(lines, 1));
    }

    [Fact]
    public void RoutineLinesGetTheAlarmsNewTemplatesLeft()
    {
        // 2,000 lines allow two alarms. Three distinct new templates score highest, so the bar of rare and new lines is
        // the third of them; they spent both alarms, so routine lines may raise none: their bar is their highest line.
        var lines = Enumerable.Repeat(RoutineLine(1, 0.10), 1994).ToList();
        lines.AddRange([RoutineLine(1, 0.25), RoutineLine(1, 0.24), RoutineLine(1, 0.23)]);
        lines.AddRange([NewLine("new 1", 0.40), NewLine("new 2", 0.39), NewLine("new 3", 0.38)]);

        var calibrated = ThresholdCalibration.From(lines, 3.1, 10);

        Assert.Equal(new LineThresholds(0.38, 0.25), calibrated.Thresholds);
        Assert.Equal(10, calibrated.AlarmsPer10k, 10);
    }

    [Fact]
    public void NewTemplatesComingOftenLiftOnlyTheirOwnBar()
    {
        // A short held-out part (200 lines, no alarm allowed) bringing five new templates: their bar rises to what a new
        // routine line scores, while routine lines keep the lowest bar there is, one full reason.
        var lines = Enumerable.Repeat(RoutineLine(1, 0.08), 190).ToList();
        lines.AddRange(Enumerable.Range(0, 10).Select(i => NewLine($"new {i % 5}", 0.30)));

        var thresholds = ThresholdCalibration.From(lines, 3.1, 10).Thresholds;

        Assert.Equal(EvidenceWeights.ReferenceNewLineScore, thresholds.Other, 10);
        Assert.Equal(EvidenceWeights.OneFullReasonScore, thresholds.Routine, 10);
    }

    [Fact]
    public void NeverSeenValuesComingOftenToRoutineTemplatesKeepThemUnderTheSameBar()
    {
        // As above, but four routine lines hold values their places never held, each a different one: held out so
        // briefly, they are no measure of how many more will come, so routine lines get no lower bar than the others.
        var lines = Enumerable.Repeat(RoutineLine(1, 0.08), 190).ToList();
        lines.AddRange(Enumerable.Range(0, 10).Select(i => NewLine($"new {i % 5}", 0.30)));
        lines.AddRange(Enumerable.Range(0, 4).Select(i => RoutineLine(1, 0.20, neverSeen: $"user{i}")));

        var thresholds = ThresholdCalibration.From(lines, 3.1, 10).Thresholds;

        Assert.Equal(LineThresholds.Both(EvidenceWeights.ReferenceNewLineScore), thresholds);
    }

    [Fact]
    public void AConfirmedAnomalyLowersOnlyTheBarOfItsKind()
    {
        var thresholds = new LineThresholds(0.40, 0.30);

        Assert.Equal(new LineThresholds(0.40, Math.BitDecrement(0.25)), thresholds.Below([RoutineLine(1, 0.25)]));
        Assert.Equal(new LineThresholds(Math.BitDecrement(0.35), 0.30), thresholds.Below([NewLine("panic", 0.35)]));
        // The routine bar never rises above the other one.
        Assert.Equal(LineThresholds.Both(Math.BitDecrement(0.20)), thresholds.Below([NewLine("panic", 0.20)]));
        Assert.Equal(0.30, thresholds.For(1, 0.05));
        Assert.Equal(0.40, thresholds.For(1, 0.005));
    }

    [Fact]
    public void ALineAtALevelBeyondTheHistoryGetsTheRoutineBarWhateverItsTemplate()
    {
        var thresholds = new LineThresholds(0.40, 0.30).WithUnproven(new HashSet<int> { 7 });

        Assert.Equal(0.30, thresholds.For(1, 0.005, levelBeyondHistory: true));
        Assert.Equal(0.30, thresholds.For(ContextState.Unknown, 0, levelBeyondHistory: true));
        Assert.Equal(0.30, thresholds.For(7, 0.05, levelBeyondHistory: true));
        // Confirmed, such a line was held to the routine bar, so that is the bar it lowers.
        var confirmed = NewLine("panic", 0.25) with { LevelBeyondHistory = true };
        Assert.Equal(new LineThresholds(0.40, Math.BitDecrement(0.25), thresholds.Unproven), thresholds.Below([confirmed]));
    }

    [Fact]
    public void LinesOfAnUnprovenRoutineTemplateKeepTheOtherBar()
    {
        var thresholds = new LineThresholds(0.40, 0.30).WithUnproven(new HashSet<int> { 7 });

        Assert.Equal(0.30, thresholds.For(1, 0.05));
        Assert.Equal(0.40, thresholds.For(7, 0.05));
        // A confirmed anomaly of such a template was held to the other bar, so that is the bar it lowers.
        Assert.Equal(new LineThresholds(Math.BitDecrement(0.35), 0.30, thresholds.Unproven), thresholds.Below([RoutineLine(7, 0.35)]));
        Assert.Null(new LineThresholds(0.40, 0.30).WithUnproven(new HashSet<int>()).Unproven);
    }

    [Fact]
    public void AHistoryOfSevereMessagesCannotLiftTheThresholdAboveTheReferenceError()
    {
        var lines = Lines(("fatal", 500, 0.95));
        Assert.Equal(EvidenceWeights.ReferenceErrorScore, Threshold(lines), 10);
        // The reference error line has no context evidence, so it reaches 0.645 of the 1.3 total weight.
        Assert.Equal(0.645 / 1.3, EvidenceWeights.ReferenceErrorScore, 10);
    }

    [Fact]
    public void QuietRoutineLinesCannotPullTheThresholdBelowOneFullReason()
    {
        // Routine lines carrying almost no evidence: a line with a couple of weak reasons would beat them.
        var lines = Lines(("a", 2000, 0.004), ("b", 1000, 0.05));
        Assert.Equal(0.2 / 1.3, Threshold(lines), 10);
        Assert.Equal(0.2 / 1.3, EvidenceWeights.OneFullReasonScore, 10);
    }

    [Fact]
    public void TheFloorAddsTheSeverityMostLinesCarry()
    {
        // Most lines are INFO (severity contribution 0.004): one full reason on an INFO line is still one reason.
        static LineAssessment Info(double score) =>
            new(score, [new Evidence(EvidenceKind.Severity, 0.026, 0.004, "level INFO")], "a", 1, 0, null, 1);
        var lines = Enumerable.Range(0, 2000).Select(_ => Info(0.004)).ToList();
        lines.Add(new LineAssessment(0.5, [new Evidence(EvidenceKind.Severity, 1, 0.2 / 1.3, "level FATAL")], "b", 1, 0, null, 2));

        Assert.Equal((0.2 / 1.3) + 0.004, Threshold(lines), 10);
    }

    [Fact]
    public void NoCalibrationLinesGiveTheReferenceError()
    {
        var calibrated = ThresholdCalibration.From([], 3.1, 10);
        Assert.Equal(EvidenceWeights.ReferenceErrorScore, calibrated.Thresholds.Other, 10);
        Assert.True(double.IsNaN(calibrated.AlarmsPer10k));
    }

    private static SessionClosing Closing(int lastTemplate, double value, bool rareShape)
    {
        var finding = new ClosingFinding(value, value, rareShape, 0, 2, 1);
        return new SessionClosing("s", 2, 0, lastTemplate, SessionClosing.ScoreOf(finding.Value), finding);
    }

    [Fact]
    public void ClosingThresholdSitsAtTheHighestRoutineEndingOfARoutineShape()
    {
        // 1,004 closings: template 1 ends sessions routinely (rarity 0.2 yet common); template 3 twice is routine
        // too, but only in rare shapes, as anomalous sessions in held-out history are; template 2 ends one session.
        var closings = Enumerable.Repeat(Closing(0, 0, false), 900)
            .Concat(Enumerable.Repeat(Closing(1, 0.2, false), 100))
            .Concat([Closing(2, 1, true), Closing(3, 0.6, true), Closing(3, 0.6, true), Closing(3, 0.6, true)])
            .ToList();

        Assert.Equal(SessionClosing.ScoreOf(0.2), ThresholdCalibration.ForClosings(closings, 3.1), 10);
        Assert.Equal(0, ThresholdCalibration.ForClosings(closings.Where(c => c.LastTemplate != 1).ToList(), 3.1));
    }
}
