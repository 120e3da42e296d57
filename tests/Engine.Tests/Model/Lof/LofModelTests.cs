using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Model.Lof;
using Lad.Engine.Model.Som;
using Lad.Engine.Persistence;
using Lad.Engine.Source;
using Lad.Engine.Tests.Model.Som;

namespace Lad.Engine.Tests.Model.Lof;

public class LofModelTests
{
    private static readonly SomOptions Word2Vec = new() { W2vIter = 20 };

    // The six templates of the synthetic logs are six distinct vectors: k = 2 keeps the factor local; at the default
    // (100, capped at 5) every training vector is every other's neighbour and the factor compares globally.
    private static readonly LofOptions Local = new() { Neighbors = 2 };

    private static LofModel Train(int seed = 7, LofOptions? options = null) =>
        (LofModel)new LofTrainer(options ?? Local, Word2Vec, seed)
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
    public void Lines_of_one_masked_shape_share_one_vector_of_the_index()
    {
        // Six templates whose variables are all masked: 3000 lines become six distinct vectors, and k is capped at
        // the other five.
        var model = Train(options: new LofOptions());

        Assert.Equal((6, 3000L, 5), (model.DistinctVectors, model.TrainedLines, model.Neighbors));
    }

    [Fact]
    public void Scoring_never_changes_the_model()
    {
        var model = Train();
        var line = new LogRecord("kernel panic not syncing fatal exception in interrupt handler cpu 3", "FATAL");
        var first = model.Score(line);
        for (var i = 0; i < 50; i++)
        {
            model.Score(line);
        }

        var again = model.Score(line);
        Assert.Equal(first.Score, again.Score);
        Assert.Equal(first.Explanation.Reasons, again.Explanation.Reasons); // its words stay unknown: no vocabulary update
        Assert.Contains(again.Explanation.Reasons, r => r.Contains("never seen in training: level=FATAL, kernel, panic", StringComparison.Ordinal));
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

    [Theory]
    [InlineData(LofMetric.Manhattan)]
    [InlineData(LofMetric.Chebyshev)]
    public void Other_metrics_train_and_flag_the_injected_anomalies(LofMetric metric)
    {
        var model = Train(options: new LofOptions { Metric = metric, Neighbors = 2 });
        var test = SyntheticLogs.Test(4, 300, 12);

        Assert.Equal(metric, model.Metric);
        Assert.All(test.Where(t => t.IsAnomaly), t => Assert.True(model.Score(t.Record).IsAnomaly, t.Record.Message));
    }

    [Fact]
    public void Save_and_load_give_identical_verdicts()
    {
        var model = Train(options: new LofOptions { Neighbors = 3, Metric = LofMetric.Manhattan });
        using var stream = new MemoryStream();
        ModelCatalog.Save(model, stream);
        stream.Position = 0;
        var loaded = Assert.IsType<LofModel>(ModelCatalog.Load(stream));

        Assert.Equal((model.Threshold, model.TrainedLines, 3, LofMetric.Manhattan), (loaded.Threshold, loaded.TrainedLines, loaded.Neighbors, loaded.Metric));
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
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explains_normal_and_anomalous_lines()
    {
        var model = Train();
        var history = SyntheticLogs.History(1, 3000).Select(r => r.Message).ToHashSet();

        var normal = model.Score(new LogRecord("session closed for user user7", "INFO"));
        Assert.False(normal.IsAnomaly);
        Assert.InRange(normal.Score, 0.5, 1.5);
        Assert.Equal(1.5, normal.Threshold);
        Assert.Equal("session closed for user <*>", normal.Explanation.Template);
        Assert.StartsWith("local outlier factor ", normal.Explanation.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("against its 2 nearest distinct training lines (anomalous above 1.5); the nearest lies at euclidean distance 0", normal.Explanation.Reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("session closed for user ", normal.Explanation.NearestNormal, StringComparison.Ordinal);

        var anomaly = model.Score(new LogRecord("disk failure detected on device sdb sector 4242 unrecoverable read error", "ERROR"));
        Assert.True(anomaly.IsAnomaly);
        Assert.Equal(0, anomaly.Explanation.TemplateTrainingCount);
        Assert.Contains("its template was never seen in training", anomaly.Explanation.Reasons);
        Assert.Contains(anomaly.Explanation.NearestNormal!, history);
    }

    [Fact]
    public void One_history_line_is_refused_and_bad_options_name_their_key()
    {
        var trainer = new LofTrainer(new LofOptions(), Word2Vec, 1);
        var e = Assert.Throws<ArgumentException>(() => trainer.Train([new LogRecord("only line", null)], TestContext.Current.CancellationToken));
        Assert.Contains("at least 2 history lines", e.Message, StringComparison.Ordinal);

        var neighbours = Assert.Throws<ArgumentException>(() => new LofTrainer(new LofOptions { Neighbors = 0 }, Word2Vec, 1));
        Assert.Contains("LOF_NEIGHBORS", neighbours.Message, StringComparison.Ordinal);
        var metric = Assert.Throws<ArgumentException>(() => LofMetrics.Parse("cosine"));
        Assert.Equal("LOF_METRIC must be one of euclidean (or l2, minkowski), manhattan (or cityblock, l1), chebyshev (or infinity), not 'cosine'", metric.Message);
        Assert.Equal(LofMetric.Manhattan, LofMetrics.Parse("CityBlock"));
    }

    [Fact]
    public void Catalog_builds_the_lof_trainer_from_detector_options()
    {
        var trainer = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "LOF", Lof = new LofOptions { Neighbors = 3 } });

        Assert.IsType<LofTrainer>(trainer);
        Assert.Contains("lof", ModelCatalog.Kinds);
        var model = Assert.IsType<LofModel>(trainer.Train(SyntheticLogs.History(2, 200), TestContext.Current.CancellationToken));
        Assert.Equal(3, model.Neighbors);
    }
}
