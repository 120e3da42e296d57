using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Model.Som;
using Lad.Engine.Persistence;

namespace Lad.Engine.Tests.Model.Som;

public class SomModelTests
{
    // A smaller map and fewer epochs keep the tests quick; the defaults are exercised by the dataset tests.
    private static readonly SomOptions Small = new() { SompyNodeMap = 8, W2vIter = 20, SompyTrainRoughLen = 20, SompyTrainFinetuneLen = 3 };

    private static SomModel Train(int seed = 7, SomOptions? options = null) =>
        (SomModel)new SomTrainer(options ?? Small, seed, DetectorOptions.DefaultThresholdSigma)
            .Train(SyntheticLogs.History(1, 3000), TestContext.Current.CancellationToken);

    [Fact]
    public void Finds_injected_anomalies_among_normal_lines()
    {
        var model = Train();
        var test = SyntheticLogs.Test(2, 1000, 40);
        var verdicts = test.Select(t => model.Score(t.Record)).ToArray();
        var metrics = DetectionMetrics.From(
            verdicts.Select(v => v.Score).ToArray(), verdicts.Select(v => v.IsAnomaly).ToArray(), test.Select(t => t.IsAnomaly).ToArray());

        Assert.Equal(40, metrics.Confusion.Positives);
        Assert.True(metrics.Confusion.Recall >= 0.95, metrics.SummaryLine());
        Assert.True(metrics.Confusion.Precision >= 0.95, metrics.SummaryLine());
        Assert.True(metrics.Auc >= 0.99, metrics.SummaryLine());
    }

    [Fact]
    public void Same_seed_gives_same_scores_and_other_seed_differs()
    {
        var test = SyntheticLogs.Test(3, 200, 10);
        var first = test.Select(t => Train(seed: 5).Score(t.Record).Score).ToArray();
        var second = test.Select(t => Train(seed: 5).Score(t.Record).Score).ToArray();
        var other = test.Select(t => Train(seed: 6).Score(t.Record).Score).ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Random_init_also_trains_and_is_seeded()
    {
        var options = Small with { SompyInit = SomInit.Random };
        var test = SyntheticLogs.Test(4, 200, 10);
        var first = test.Select(t => Train(5, options).Score(t.Record)).ToArray();
        var second = test.Select(t => Train(5, options).Score(t.Record)).ToArray();
        Assert.Equal(first.Select(v => v.Score), second.Select(v => v.Score));
        Assert.True(first.Where((_, i) => test[i].IsAnomaly).All(v => v.IsAnomaly), "every injected anomaly flagged");
    }

    [Fact]
    public void Save_and_load_give_identical_verdicts()
    {
        var model = Train();
        using var stream = new MemoryStream();
        ModelCatalog.Save(model, stream);
        stream.Position = 0;
        var loaded = ModelCatalog.Load(stream);

        Assert.IsType<SomModel>(loaded);
        Assert.Equal(model.Threshold, loaded.Threshold);
        Assert.Equal(model.TrainedLines, loaded.TrainedLines);
        foreach (var (record, _) in SyntheticLogs.Test(5, 100, 10))
        {
            var before = model.Score(record);
            var after = loaded.Score(record);
            Assert.Equal(before.Score, after.Score);
            Assert.Equal(before.Explanation.Reasons, after.Explanation.Reasons);
            Assert.Equal(before.Explanation.Template, after.Explanation.Template);
            Assert.Equal(before.Explanation.NearestNormal, after.Explanation.NearestNormal);
        }
    }

    [Fact]
    public void Corrupt_model_file_is_rejected()
    {
        using var stream = new MemoryStream();
        ModelCatalog.Save(Train(), stream);
        var bytes = stream.ToArray();
        bytes[^10] ^= 0xFF;
        var e = Assert.Throws<ModelFormatException>(() => ModelCatalog.Load(new MemoryStream(bytes)));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Explains_normal_and_anomalous_lines()
    {
        var model = Train();
        var history = SyntheticLogs.History(1, 3000).Select(r => r.Message).ToHashSet();

        var normal = model.Score(new Lad.Engine.Source.LogRecord("session closed for user user7", "INFO"));
        Assert.False(normal.IsAnomaly);
        Assert.Contains("<*>", normal.Explanation.Template);
        Assert.InRange(normal.Explanation.TemplateTrainingCount, 300, 700);
        Assert.Equal(normal.Explanation.TemplateTrainingCount / 3000.0, normal.Explanation.TemplateTrainingFrequency, 12);
        Assert.StartsWith("distance to the nearest normal map node is", normal.Explanation.Reasons[0]);

        var anomaly = model.Score(new Lad.Engine.Source.LogRecord("kernel panic not syncing fatal exception in interrupt handler cpu 3", "FATAL"));
        Assert.True(anomaly.IsAnomaly);
        Assert.Equal(0, anomaly.Explanation.TemplateTrainingCount);
        Assert.Contains(anomaly.Explanation.Reasons, r => r.Contains("never seen in training: level=FATAL, kernel, panic"));
        Assert.Contains("its template was never seen in training", anomaly.Explanation.Reasons);
        Assert.Contains(anomaly.Explanation.NearestNormal!, history);
    }

    [Fact]
    public void History_of_one_repeated_line_flags_any_other_line()
    {
        var history = Enumerable.Repeat(new Lad.Engine.Source.LogRecord("heartbeat ok", "INFO"), 100).ToArray();
        var model = new SomTrainer(Small, 1, 3.1).Train(history, TestContext.Current.CancellationToken);

        var same = model.Score(new Lad.Engine.Source.LogRecord("heartbeat ok", "INFO"));
        Assert.Equal(0, same.Score);
        Assert.False(same.IsAnomaly);
        Assert.Equal("heartbeat ok", same.Explanation.NearestNormal);
        Assert.True(model.Score(new Lad.Engine.Source.LogRecord("heartbeat ok", "ERROR")).IsAnomaly);
    }

    [Fact]
    public void Empty_history_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new SomTrainer(Small, 1, 3.1).Train([], TestContext.Current.CancellationToken));
        Assert.Contains("empty history", e.Message);
    }
}
