using Lad.Engine.Model;
using Lad.Engine.Model.Novelty;
using Lad.Engine.Source;
using Lad.Engine.Tests.Model.Som;

namespace Lad.Engine.Tests.Model.Novelty;

public class NoveltyModelTests
{
    [Fact]
    public void Flags_lines_of_never_seen_templates_and_only_those()
    {
        var model = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "novelty" }).Train(SyntheticLogs.History(1, 600), TestContext.Current.CancellationToken);
        var test = SyntheticLogs.Test(2, 400, 20);

        var flagged = test.Select(t => model.Score(t.Record)).ToList();

        Assert.Equal(test.Select(t => t.IsAnomaly), flagged.Select(v => v.IsAnomaly));
        var anomaly = flagged[test.ToList().FindIndex(t => t.IsAnomaly)];
        Assert.Equal(["template never seen in 600 training lines"], anomaly.Explanation.Reasons);
        Assert.Equal((1.0, 0.5), (anomaly.Score, anomaly.Threshold));
        Assert.Equal(0, flagged[test.ToList().FindIndex(t => !t.IsAnomaly)].Score);
    }

    [Fact]
    public void A_new_value_in_a_known_template_is_not_novel()
    {
        var model = new NoveltyTrainer().Train(
            Enumerable.Range(0, 50).Select(i => new LogRecord($"GET /api/items/{i} returned 200 in {i % 7} ms", "INFO")).ToList(),
            TestContext.Current.CancellationToken);

        Assert.False(model.Score(new LogRecord("GET /api/items/98765 returned 200 in 4 ms", "INFO")).IsAnomaly);
        Assert.True(model.Score(new LogRecord("kernel panic not syncing fatal exception", "FATAL")).IsAnomaly);
    }

    [Fact]
    public void Saves_and_loads_through_the_catalog_with_the_same_verdicts()
    {
        var model = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "novelty" }).Train(SyntheticLogs.History(3, 300), TestContext.Current.CancellationToken);
        using var stream = new MemoryStream();
        ModelCatalog.Save(model, stream);
        stream.Position = 0;

        var loaded = ModelCatalog.Load(stream);

        Assert.IsType<NoveltyModel>(loaded);
        Assert.Equal(300, loaded.TrainedLines);
        foreach (var (record, _) in SyntheticLogs.Test(4, 200, 10))
        {
            Assert.Equal(model.Score(record).Score, loaded.Score(record).Score);
        }
    }

    [Fact]
    public void An_empty_history_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new NoveltyTrainer().Train([], TestContext.Current.CancellationToken));
    }
}
