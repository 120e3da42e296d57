using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default;

public class ThresholdCalibrationTests
{
    private static LineAssessment Line(string template, double score) => new(score, [], template, 1, 0, null, 1);

    private static List<LineAssessment> Lines(params (string Template, int Count, double Score)[] groups) =>
        groups.SelectMany(g => Enumerable.Repeat(Line(g.Template, g.Score), g.Count)).ToList();

    [Fact]
    public void ThresholdSitsAtTheHighestRoutineScoreAndIgnoresRareLines()
    {
        // 3,002 lines: with sigma 3.1 (tail 0.097%) a template needs 3 lines to be routine.
        var lines = Lines(("a", 2000, 0.10), ("b", 1000, 0.30), ("rare", 2, 0.55));
        Assert.Equal(0.30, ThresholdCalibration.From(lines, 3.1), 10);
    }

    [Fact]
    public void RoutineLinesInARareContextDoNotMoveTheThreshold()
    {
        var lines = Lines(("a", 2000, 0.10), ("b", 1000, 0.30));
        lines.Add(Line("b", 0.30).With(EvidenceKind.Context, 1, "2nd 'b' in this session"));
        Assert.Equal(0.30, ThresholdCalibration.From(lines, 3.1), 10);
    }

    private static SessionClosing Closing(int lastTemplate, double value, bool rareShape)
    {
        var finding = new ClosingFinding(value, value, rareShape, "ended");
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

    [Fact]
    public void ASmallerSigmaCountsFewerTemplatesAsRoutine()
    {
        // sigma 1 puts the tail at 15.9%: "b" (1,000 of 3,003 lines) is routine, 400 lines of "c" are not.
        var lines = Lines(("a", 1603, 0.10), ("b", 1000, 0.30), ("c", 400, 0.45));
        Assert.Equal(0.45, ThresholdCalibration.From(lines, 3.1), 10);
        Assert.Equal(0.30, ThresholdCalibration.From(lines, 1.0), 10);
    }

    [Fact]
    public void AHistoryOfSevereMessagesCannotLiftTheThresholdAboveTheReferenceError()
    {
        var lines = Lines(("fatal", 500, 0.95));
        Assert.Equal(EvidenceWeights.ReferenceErrorScore, ThresholdCalibration.From(lines, 3.1), 10);
        // The reference error line has no context evidence, so it reaches 0.645 of the 1.3 total weight.
        Assert.Equal(0.645 / 1.3, EvidenceWeights.ReferenceErrorScore, 10);
    }

    private static LineAssessment NewLine(string template, double score) =>
        new(score, [new Evidence(EvidenceKind.NewTemplate, 1, 0.1 / 1.3, "template never seen")], template, 0, 0, null, -1);

    [Fact]
    public void ManyDistinctNewTemplatesMakeNoveltyRoutine()
    {
        // 3,000 routine lines plus 40 new templates once each (1.3% of the lines): none repeats, yet novelty is routine.
        var lines = Lines(("a", 3000, 0.10));
        lines.AddRange(Enumerable.Range(0, 40).Select(i => NewLine($"new {i}", 0.30 + (i * 0.001))));
        Assert.Equal(0.339, ThresholdCalibration.From(lines, 3.1), 10);
    }

    [Fact]
    public void ABurstOfOneNewTemplateOnAStableHostDoesNotMoveTheThreshold()
    {
        // 20 lines of one new template (0.66%): routine by count for a known template, but novelty is rare here.
        var lines = Lines(("a", 3000, 0.20));
        lines.AddRange(Enumerable.Repeat(NewLine("burst", 0.30), 20));
        Assert.Equal(0.20, ThresholdCalibration.From(lines, 3.1), 10);
        Assert.Equal(0.30, ThresholdCalibration.From(Lines(("a", 3000, 0.20), ("burst", 20, 0.30)), 3.1), 10);
    }

    [Fact]
    public void QuietRoutineLinesCannotPullTheThresholdBelowOneFullReason()
    {
        // Routine lines carrying almost no evidence: a line with a couple of weak reasons would beat them.
        var lines = Lines(("a", 2000, 0.004), ("b", 1000, 0.05));
        Assert.Equal(0.2 / 1.3, ThresholdCalibration.From(lines, 3.1), 10);
        Assert.Equal(0.2 / 1.3, EvidenceWeights.OneFullReasonScore, 10);
    }

    [Fact]
    public void NoCalibrationLinesGiveTheReferenceError() =>
        Assert.Equal(EvidenceWeights.ReferenceErrorScore, ThresholdCalibration.From([], 3.1), 10);
}
