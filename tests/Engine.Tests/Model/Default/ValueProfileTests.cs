using Lad.Engine.Model;
using Lad.Engine.Model.Default.Values;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Model.Default;

public class ValueProfileTests
{
    private static ValueProfile Learn(IEnumerable<string> values)
    {
        var profile = new ValueProfile();
        foreach (var value in values)
        {
            profile.Add(value);
        }

        profile.Complete();
        return profile;
    }

    private static (double Surprise, string Reason, double LabelNewRate)? Judge(ValueProfile profile, string value) =>
        profile.Judge(value, new ValuePlace(2, 1, 1, value));

    [Fact]
    public void FewStatusCodesSeenManyTimesAreLabelsAndANewOneIsEvidenceWithTrueCounts()
    {
        var random = new Random(1);
        var profile = Learn(Enumerable.Range(0, 400).Select(_ => new[] { "200", "200", "200", "200", "304", "404" }[random.Next(6)]));

        Assert.Equal(ValueKind.Categorical, profile.Kind);
        var judged = Judge(profile, "502")!.Value;
        Assert.True(judged.Surprise > 0.9, judged.ToString());
        Assert.StartsWith("value '502' never seen at parameter 2 of this template (training saw 3 distinct values in 400 lines, 200, ", judged.Reason, StringComparison.Ordinal);
        // 502 is a label, but also a number above every trained one: the figures say so.
        Assert.EndsWith("far above its history: 502; history 200–404 (median 200, 400 values)", judged.Reason, StringComparison.Ordinal);
        Assert.Null(Judge(profile, "304"));
    }

    [Fact]
    public void ANumberTrainingAlwaysSawTheSameIsNoHistoryToBeFarFrom()
    {
        // One number, however often: a new one is a never-seen label (with the size's surprise in its score), but
        // there is no spread to say it is "far" from, so the reason names the number seen and claims no distance.
        var profile = Learn(Enumerable.Repeat("3710", 40));
        var near = Judge(profile, "4470")!.Value;
        var far = Judge(profile, "987654321")!.Value;

        Assert.Equal(ValueKind.Categorical, profile.Kind);
        Assert.True(profile.Magnitude!.IsConstant);
        Assert.Equal("value '4470' never seen at parameter 2 of this template (training saw 1 distinct value in 40 lines, 3710)", near.Reason);
        Assert.DoesNotContain("far", far.Reason, StringComparison.Ordinal);
        Assert.True(far.Surprise >= near.Surprise, $"{far.Surprise} < {near.Surprise}");
        Assert.Equal("not the one number training saw there: 3,710 (40 values)", profile.Magnitude.Describe("4470", 4470));
        Assert.Empty(profile.Magnitude.Describe("3710", 3710));
    }

    [Fact]
    public void ReasonSaysHowManyValuesTrainingSawAndMarksExamplesAsSuch()
    {
        var states = new[] { "up", "down", "testing", "dormant", "unknown", "lowerLayerDown" };
        var profile = Learn(Enumerable.Range(0, 600).Select(i => states[i % states.Length]));

        var judged = Judge(profile, "notPresent")!.Value;
        Assert.Contains("training saw 6 distinct values in 600 lines, e.g. ", judged.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CountsFillingTheirRangeAreSizesAndAnUnseenCountInsideItIsNormal()
    {
        var random = new Random(2);
        // 1..20 seen 300 times: few distinct values, but they fill their range, so they are counts, not labels.
        var profile = Learn(Enumerable.Range(0, 300).Select(_ => random.Next(1, 21).ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(v => v != "7"));

        Assert.Equal(ValueKind.Magnitude, profile.Kind);
        Assert.False(profile.Magnitude!.LogScale);
        Assert.Null(Judge(profile, "7"));
        Assert.Null(Judge(profile, "22"));
        var absurd = Judge(profile, "98765432")!.Value;
        Assert.True(absurd.Surprise > 0.95, absurd.ToString());
        Assert.Contains("far above its history: 98765432; history 1–20", absurd.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PercentagesSeldomRepeatingAreSizesSoAnUnseenOneInRangeIsNormal()
    {
        var random = new Random(3);
        var profile = Learn(Enumerable.Range(0, 40).Select(_ => (30 + random.Next(0, 41)).ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(v => v != "31"));

        Assert.Equal(ValueKind.Magnitude, profile.Kind);
        Assert.Null(Judge(profile, "31"));
        // Forty observations leave some doubt (confidence 40 / 50), however far the value is.
        Assert.True(Judge(profile, "400")!.Value.Surprise > 0.75);
    }

    [Fact]
    public void DurationsSpanningDecadesAreJudgedOnALogScaleWithTheirUnit()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 500)
            .Select(_ => Math.Clamp(200 * Math.Exp(1.5 * Gaussian(random)), 12, 4500))
            .Select(v => $"{Math.Round(v).ToString(System.Globalization.CultureInfo.InvariantCulture)} ms")
            .Append("12 ms").Append("4500 ms");
        var profile = Learn(values);

        Assert.Equal(ValueKind.Magnitude, profile.Kind);
        Assert.True(profile.Magnitude!.LogScale);
        Assert.Equal("ms", profile.Magnitude.Unit);
        Assert.Null(Judge(profile, "3999 ms"));
        // Twice the longest is within the spread on a log scale; 200 000 times is not.
        Assert.Null(Judge(profile, "9000 ms"));
        var absurd = Judge(profile, "987654321 ms")!.Value;
        Assert.True(absurd.Surprise > 0.95, absurd.ToString());
        Assert.Contains("987654321 ms; history 12–4,500 ms (median ", absurd.Reason, StringComparison.Ordinal);
        Assert.Contains(", 502 values)", absurd.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASizeFullyOutOfItsRangeIsAValueNoTrainingLineHeldButOneSlightlyOutOrACounterResetIsNot()
    {
        var random = new Random(4);
        var durations = Learn(Enumerable.Range(0, 300).Select(_ => $"{random.Next(100, 900)} ms").Append("100 ms").Append("899 ms"));
        Assert.Equal(ValueKind.Magnitude, durations.Kind);

        // Full evidence: no training line was anywhere near, so the line is as rare as one with a never-seen label.
        var far = Judge(durations, "48211 ms")!.Value;
        Assert.Equal(1, far.Surprise / durations.Values.Confidence, 12);
        Assert.Equal(1.0 / (durations.Values.Observations + 2.0), far.LabelNewRate, 12);

        // Out of range but short of full evidence: an unusual value only.
        var near = Judge(durations, "1600 ms")!.Value;
        Assert.InRange(near.Surprise, 0.01, 0.99);
        Assert.True(double.IsNaN(near.LabelNewRate));

        // A counter that only rose in training and starts again from the bottom: a reset, not a never-seen value.
        var counter = Learn(Enumerable.Range(0, 300).Select(i => $"{126_000 + (i * 13)}"));
        Assert.True(counter.Magnitude!.Rising);
        var reset = Judge(counter, "0")!.Value;
        Assert.True(reset.Surprise > 0.9, reset.ToString());
        Assert.True(double.IsNaN(reset.LabelNewRate));
    }

    [Fact]
    public void ANegativeValueOfAQuantitySpanningDecadesIsFullEvidenceWhileZeroOrANegativeOfALinearPlaceIsNot()
    {
        var random = new Random(6);
        var totals = Learn(Enumerable.Range(0, 300).Select(_ => $"{random.Next(5, 900)}.{random.Next(100):00} EUR"));
        Assert.True(totals.Magnitude!.LogScale);

        var negative = Judge(totals, "-12.00 EUR")!.Value;
        Assert.Equal(1, negative.Surprise / totals.Values.Confidence, 12);
        Assert.Equal(1.0 / (totals.Values.Observations + 2.0), negative.LabelNewRate, 12);
        Assert.Contains("far below its history", negative.Reason, StringComparison.Ordinal);

        // Zero is a tenth of the smallest total seen: out of range, not out of the quantity's domain.
        var zero = Judge(totals, "0.00 EUR")!.Value;
        Assert.InRange(zero.Surprise, 0.01, 0.99);
        Assert.True(double.IsNaN(zero.LabelNewRate));

        // Temperatures of 5 to 30 degrees are a linear place, where a few degrees below zero is just below the range.
        var temperatures = Learn(Enumerable.Range(0, 300).Select(_ => $"{random.Next(5, 31)} C"));
        Assert.False(temperatures.Magnitude!.LogScale);
        Assert.True(Judge(temperatures, "-3 C") is null or { Surprise: < 0.5 });
    }

    [Fact]
    public void UuidsAndHexIdsAreIdentifiersEvenWhenTrainingSawOnlyOne()
    {
        Assert.Equal(ValueKind.Identifier, Learn(Enumerable.Repeat("3fa85f64-5717-4562-b3fc-2c963f66afa6", 50)).Kind);
        var random = new Random(5);
        var hashes = Learn(Enumerable.Range(0, 50).Select(_ => random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(ValueKind.Identifier, hashes.Kind);
        Assert.Null(Judge(hashes, "0123456789abcdef"));
    }

    [Fact]
    public void SessionIdsRepeatedOverTheirLinesAreIdentifiersFromTheData()
    {
        // Each session writes ten lines: few values are singletons, yet every new session brings a new value.
        var profile = Learn(Enumerable.Range(0, 30).SelectMany(s => Enumerable.Repeat($"session-{s}", 10)));

        Assert.Equal(ValueKind.Identifier, profile.Kind);
        Assert.Null(Judge(profile, "session-31"));
    }

    [Fact]
    public void HeldOutNewRateCountsTheLaterLinesOfValuesTheEarlierPartNeverHad()
    {
        // 16 values: after the middle, c, c, d, d are new to the first half (4 of 8); after the third quarter d, d are
        // new to the first three quarters (2 of 4). Averaged: 0.5, above Good-Turing's (0 singletons + 1) / 18.
        string[] values = ["a", "b", "a", "b", "a", "b", "a", "b", "c", "a", "c", "b", "d", "d", "a", "b"];
        var profile = Learn(values);

        Assert.Equal(0.5, profile.NewRate);
        Assert.Equal(ValueKind.Identifier, profile.Kind);

        // The same values with c first coming before the middle: only d, d are new after it (2 of 8), and after the
        // third quarter d, d are still new (2 of 4): (0.25 + 0.5) / 2.
        string[] earlier = ["a", "b", "a", "c", "a", "b", "a", "b", "c", "a", "b", "b", "d", "d", "a", "b"];
        Assert.Equal(0.375, Learn(earlier).NewRate);
    }

    [Fact]
    public void NumbersThatNeverFellAreACounterNotLabelsSoTheNextOneIsNormal()
    {
        // A date written in digits over two days: two values, but a clock, not a closed set of labels.
        var profile = Learn(Enumerable.Repeat("20081109", 300).Concat(Enumerable.Repeat("20081110", 300)));

        Assert.Equal(ValueKind.Magnitude, profile.Kind);
        Assert.True(profile.Magnitude!.Rising);
        Assert.Null(Judge(profile, "20081111"));
    }

    [Fact]
    public void AStateThatNeverChangedIsALabelNotAnIdentifier()
    {
        var profile = Learn(Enumerable.Repeat("healthy", 80));

        Assert.Equal(ValueKind.Categorical, profile.Kind);
        Assert.True(Judge(profile, "unhealthy")!.Value.Surprise > 0.85);
    }

    [Fact]
    public void SavedProfileJudgesAsTheTrainedOne()
    {
        var random = new Random(6);
        var profile = Learn(Enumerable.Range(0, 200).Select(_ => $"{random.Next(10, 5000)} ms"));
        using var stream = new MemoryStream();
        profile.WriteTo(new ModelWriter(stream));
        stream.Position = 0;
        var loaded = ValueProfile.ReadFrom(new ModelReader(stream));

        Assert.Equal(profile.Kind, loaded.Kind);
        Assert.Equal(profile.NewRate, loaded.NewRate);
        foreach (var value in new[] { "20 ms", "987654321 ms", "1 ms", "oops" })
        {
            Assert.Equal(Judge(profile, value), Judge(loaded, value));
        }
    }

    [Fact]
    public void LevelReasonCountsTheLevelsTrainingSawAndMarksExamples()
    {
        var levels = new[] { "INFO", "DEBUG", "NOTICE", "WARN" };
        var history = Enumerable.Range(0, 400).Select(i => new Lad.Engine.Source.LogRecord($"worker {i % 7} done", levels[i % 4])).ToList();
        var model = (Lad.Engine.Model.Default.DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(history, TestContext.Current.CancellationToken);

        var reason = model.Evidence(new Lad.Engine.Source.LogRecord("worker 3 done", "TRACE"))
            .Single(e => e.Kind == Lad.Engine.Model.Default.EvidenceKind.UnusualValue).Reason;
        Assert.StartsWith("level TRACE never seen with this template (training saw 4 levels in 400 lines, e.g. ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelFilesFromBeforeValueProfilesAreRejectedWithAClearMessage()
    {
        using var file = new MemoryStream();
        // A default model payload (version 3, threshold) whose host profile is version 1: values counted as labels.
        ModelFile.Write(file, "default", writer =>
        {
            writer.Write(3);
            writer.Write(0.3);
            writer.Write(1);
            writer.Write(0L);
        });
        file.Position = 0;

        var error = Assert.Throws<ModelFormatException>(() => ModelCatalog.Load(file));
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("retrain", error.Message, StringComparison.Ordinal);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void ANewLabelCountsLessWhereItsPlaceBringsNewOnesMoreOftenThanTheAlarmBudgetAllows()
    {
        // 78 lines naming workers of a pool of 40, most of them seen, a few once.
        var random = new Random(9);
        var users = Learn(Enumerable.Range(0, 78).Select(_ => $"worker-{(char)('a' + random.Next(20))}{(char)('a' + random.Next(2))}"));
        Assert.Equal(ValueKind.Categorical, users.Kind);
        var full = Judge(users, "zzz")!.Value.Surprise;

        // On a host of 1,000,000 lines the place is rare, so a new name there is as much news as ever.
        users.WeighLabels(1_000_000);
        Assert.Equal(1, users.LabelWeight);
        Assert.Equal(full, Judge(users, "zzz")!.Value.Surprise);

        // On a host of 4,000 lines the place brings a new name in 78 / 4,000 of the host's lines times its new-value
        // rate: more often than 10 in 10,000, so each counts in proportion.
        users.WeighLabels(4_000);
        var expectedPer10k = 78.0 / 4_000 * users.NewRate * 10_000;
        Assert.True(expectedPer10k > DetectorOptions.DefaultAlarmBudget, $"{expectedPer10k} new names per 10,000 lines");
        Assert.Equal(DetectorOptions.DefaultAlarmBudget / expectedPer10k, users.LabelWeight, 12);
        Assert.Equal(full * users.LabelWeight, Judge(users, "zzz")!.Value.Surprise, 12);
    }
}
