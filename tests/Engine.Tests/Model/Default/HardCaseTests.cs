using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>The synthetic hard cases of values and identifiers (<see cref="HardCaseLog"/>), trained and scored by the default model.</summary>
public class HardCaseTests
{
    private static DefaultModel Train(IReadOnlyList<SyntheticLine> history) =>
        (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(history.Select(l => l.ToRecord()).ToArray());

    private static Evidence? UnusualValue(DefaultModel model, SyntheticLine line) =>
        model.Evidence(line.ToRecord()).Where(e => e.Kind == EvidenceKind.UnusualValue).Select(e => (Evidence?)e).FirstOrDefault();

    [Fact]
    public void UnseenNumbersInsideTheirRangeAreNormalAndAbsurdOnesAreFlaggedWithTheFigures()
    {
        var model = Train(HardCaseLog.Magnitudes(3000, seed: 1));
        var normal = HardCaseLog.Magnitudes(10_000, seed: 2);
        var highestNormal = normal.Max(l => model.Score(l.ToRecord()).Score);

        Assert.Equal(0, normal.Count(l => model.Score(l.ToRecord()).IsAnomaly));
        Assert.Equal(0, normal.Count(l => UnusualValue(model, l) is { Value: > 0.1 }));
        foreach (var line in HardCaseLog.AbsurdMagnitudes())
        {
            var verdict = model.Score(line.ToRecord());
            var evidence = UnusualValue(model, line);
            Assert.True(evidence is { Value: > 0.9 }, $"{line.Text}: {evidence}");
            Assert.Contains("; history ", evidence.Value.Reason, StringComparison.Ordinal);
            // Ranked above every normal line, and flagged: a value this far out is one no training line held, so the
            // line is as rare as one training never saw, a second reason over the calibrated threshold's floor.
            Assert.True(verdict.Score > highestNormal, $"{line.Text}: {verdict.Score} <= {highestNormal}");
            Assert.True(verdict.IsAnomaly, $"{line.Text}: {verdict.Score}");
        }

        var duration = UnusualValue(model, HardCaseLog.AbsurdMagnitudes()[1])!.Value.Reason;
        Assert.Contains("987654321 ms; history 12–4,500 ms", duration, StringComparison.Ordinal);
    }

    [Fact]
    public void LinesFullOfNewIdentifiersAreNotFlagged()
    {
        var model = Train(HardCaseLog.Identifiers(3000, seed: 1));
        var normal = HardCaseLog.Identifiers(10_000, seed: 2);
        var flagged = normal.Where(l => model.Score(l.ToRecord()).IsAnomaly).ToList();
        var withUnusualValue = normal.Select(l => UnusualValue(model, l)).Where(e => e is not null).ToList();

        Assert.True(flagged.Count == 0, string.Join("\n", flagged.Select(l => l.Text)));
        Assert.True(withUnusualValue.Count <= 10, string.Join("\n", withUnusualValue.Take(10)));
    }

    [Fact]
    public void AStatusWrittenBesideASizeIsJudgedOnItsOwn()
    {
        var model = Train(HardCaseLog.WebStatuses(3000, seed: 1));
        var normal = HardCaseLog.WebStatuses(5000, seed: 2);
        var highestNormal = normal.Max(l => model.Score(l.ToRecord()).Score);

        Assert.Equal(0, normal.Count(l => model.Score(l.ToRecord()).IsAnomaly));
        foreach (var line in HardCaseLog.FailedStatuses(20, seed: 3))
        {
            var evidence = UnusualValue(model, line);
            Assert.True(evidence is { Value: > 0.9 }, $"{line.Text}: {evidence}");
            Assert.Matches(@"value '50[23]' never seen at parameter \d+ of this template \(part 1 of '50[23] \d+'\) \(training saw 3 distinct values in \d+ lines", evidence.Value.Reason);
            Assert.True(model.Score(line.ToRecord()).Score > highestNormal, line.Text);
        }
    }
}
