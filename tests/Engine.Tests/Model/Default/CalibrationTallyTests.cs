using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;

namespace Lad.Engine.Tests.Model.Default;

public class CalibrationTallyTests
{
    private static readonly double Ceiling = EvidenceWeights.ReferenceErrorScore;

    private static LineAssessment Line(int templateId, string template, double score, double severity = 0, bool rareContext = false, string? neverSeen = null)
    {
        var evidence = new List<Evidence>();
        if (severity > 0)
        {
            evidence.Add(new Evidence(EvidenceKind.Severity, severity, severity, "level"));
        }

        if (rareContext)
        {
            evidence.Add(new Evidence(EvidenceKind.Context, 1, 0.01, "context"));
        }

        return new LineAssessment(score, evidence, template, 1, 0, null, templateId, neverSeen);
    }

    [Fact]
    public void KeepsOnlyTheHighestEventsButCountsThemAll()
    {
        // 20,000 lines at 10 per 10,000: 20 alarms allowed, so the 21 highest events are all a threshold can need.
        var tally = new CalibrationTally(20_000, 10);
        for (var i = 0; i < 20_000; i++)
        {
            tally.Add(Line(1, "routine", i / 100_000.0));
        }

        var (count, highest, above) = tally.Events(routine: 100);

        Assert.Equal(20, tally.Allowed);
        Assert.Equal(20_000, count);
        Assert.Equal(21, highest.Count);
        Assert.Equal(0.19999, highest[0], 10);
        Assert.Equal(0.19979, highest[20], 10);
        Assert.Equal(0, above);
    }

    [Fact]
    public void ARareTemplateIsOneEventAtItsHighestScore()
    {
        var tally = new CalibrationTally(10, 10);
        for (var i = 0; i < 9; i++)
        {
            tally.Add(Line(1, "routine", 0.1));
        }

        tally.Add(Line(2, "rare", 0.4));

        var (count, highest, _) = tally.Events(routine: 5);

        Assert.Equal(10, count);
        Assert.Equal(0.4, highest[0]);
        Assert.Equal(2, tally.Events(routine: 50).Count);
    }

    [Fact]
    public void CountsEventsAboveTheCeilingEvenBeyondThoseKept()
    {
        var tally = new CalibrationTally(1_000, 10);
        for (var i = 0; i < 1_000; i++)
        {
            tally.Add(Line(1, "noisy", i < 600 ? Ceiling + 0.01 : 0.1));
        }

        var (_, highest, above) = tally.Events(routine: 2);

        Assert.Equal(2, highest.Count);
        Assert.Equal(600, above);
    }

    [Fact]
    public void TheMedianSeverityIsTheMiddleLinesContribution()
    {
        var tally = new CalibrationTally(5, 10);
        foreach (var severity in new[] { 0.3, 0, 0.1, 0.3, 0.2 })
        {
            tally.Add(Line(1, "a", 0.1, severity));
        }

        Assert.Equal(0.2, tally.MedianSeverity());
    }

    [Fact]
    public void RefusesMoreLinesThanItWasMadeFor()
    {
        var tally = new CalibrationTally(1, 10);
        tally.Add(Line(1, "a", 0.1));

        Assert.Throws<InvalidOperationException>(() => tally.Add(Line(1, "a", 0.1)));
        Assert.Throws<InvalidOperationException>(() => ThresholdCalibration.From(new CalibrationTally(2, 10), 3.1, 10));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1)]
    [InlineData(3, 50)]
    [InlineData(4, 0.5)]
    public void GivesTheThresholdAndAlarmRateOfScoringEveryEvent(int seed, double budget)
    {
        // Random held-out lines: routine and rare templates, new ones, rare contexts, never-seen values and scores
        // around the ceiling; the tally must agree with sorting every event.
        var random = new Random(seed);
        var lines = new List<LineAssessment>();
        for (var i = 0; i < 5_000; i++)
        {
            var template = random.Next(12);
            var score = random.NextDouble() * (Ceiling + 0.2);
            lines.Add(random.Next(20) switch
            {
                0 => Line(ContextState.Unknown, $"new {random.Next(30)}", score),
                1 => Line(template, $"t{template}", score, rareContext: true),
                2 => Line(template, $"t{template}", score, neverSeen: $"v{random.Next(5)}"),
                _ => Line(template, $"t{template}", template > 8 ? score : score / 3, severity: random.Next(3) * 0.05),
            });
        }

        var calibrated = ThresholdCalibration.From(lines, 3.1, budget);
        var (threshold, alarms) = ByEveryEvent(lines, 3.1, budget);

        Assert.Equal(threshold, calibrated.Threshold);
        Assert.Equal(alarms, calibrated.AlarmsPer10k);
    }

    // The calibration as defined, keeping every event.
    private static (double Threshold, double AlarmsPer10k) ByEveryEvent(List<LineAssessment> lines, double sigma, double budget)
    {
        var routine = Math.Max(2, (int)Math.Ceiling((1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, sigma)) * lines.Count));
        var allowed = (int)Math.Floor(budget * lines.Count / ThresholdCalibration.BudgetLines);
        var counts = lines.CountBy(l => (l.TemplateId, l.Template)).ToDictionary(p => p.Key, p => p.Value);
        var events = new List<double>();
        var grouped = new Dictionary<(int, string, bool), double>();
        foreach (var line in lines)
        {
            var rareContext = line.Evidence.Any(e => e.Kind == EvidenceKind.Context);
            if (line.TemplateId != ContextState.Unknown && counts[(line.TemplateId, line.Template)] >= routine && !rareContext && line.NeverSeenValue is null)
            {
                events.Add(line.Score);
            }
            else
            {
                var group = (line.TemplateId, line.NeverSeenValue is null ? line.Template : line.Template + "\0" + line.NeverSeenValue, rareContext);
                grouped[group] = Math.Max(grouped.GetValueOrDefault(group), line.Score);
            }
        }

        events.AddRange(grouped.Values);
        events.Sort();
        var quantile = allowed >= events.Count ? 0 : events[events.Count - 1 - allowed];
        if (allowed == 0 && ThresholdCalibration.NewTemplatesBeyondBudget(lines, budget))
        {
            quantile = Ceiling;
        }

        var severities = lines.Select(l => l.Evidence.Where(e => e.Kind == EvidenceKind.Severity).Sum(e => e.Contribution)).Order().ToArray();
        var threshold = Math.Min(Math.Max(quantile, EvidenceWeights.OneFullReasonScore + severities[severities.Length / 2]), Ceiling);
        return (threshold, events.Count(e => e > threshold) * ThresholdCalibration.BudgetLines / lines.Count);
    }
}
