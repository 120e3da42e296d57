using Lad.Engine.Model;
using Lad.Engine.Model.Summary;
using Lad.Engine.Source;
using Lad.Engine.Source.Synthetic;
using Lad.Engine.Volume;

namespace Lad.Engine.Tests.Model.Summary;

public class ModelSummarizerTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);

    // 1,000 lines over 100 minutes: 600 answers (status from a closed set, a duration), 300 sessions (a fresh id each),
    // 100 cron lines.
    private static List<(DateTime Time, LogRecord Record)> History()
    {
        var random = new Random(7);
        string[] statuses = ["200", "200", "200", "304", "404"];
        var lines = new List<(DateTime, LogRecord)>();
        for (var i = 0; i < 1000; i++)
        {
            var message = (i % 10) switch
            {
                < 6 => $"request served with status {statuses[random.Next(statuses.Length)]} in {10 + random.Next(990)} ms",
                < 9 => $"session {Guid.NewGuid()} opened for user alice",
                _ => "cron job finished",
            };
            lines.Add((Start.AddSeconds(i * 6), new LogRecord(message, "info", "web-1")));
        }

        return lines;
    }

    [Fact]
    public void SummaryListsTemplatesByCountWithWhatEachValuePlaceLearnedAndTheVolumeRates()
    {
        var history = History();
        var model = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train([.. history.Select(h => h.Record)], TestContext.Current.CancellationToken);
        var volume = VolumeProfileTrainer.Train(history.Select(h => (h.Time, h.Record.Message)), new VolumeOptions(TimeSpan.FromMinutes(5)));

        var summary = ModelSummarizer.Summarize(model, volume, maxTemplates: 2);

        Assert.Equal(("default", model.Threshold, model.AlarmsPer10k, 1000L), (summary.Kind, summary.Threshold, summary.AlarmsPer10k, summary.TrainedLines));
        Assert.Equal(3, summary.TemplateCount);
        Assert.Equal([600L, 300L], summary.Templates.Select(t => t.Count));

        var answers = summary.Templates[0];
        // The unit stays with its number: "12 ms" is one parameter.
        Assert.Equal("request served with status <*> in <*>", answers.Text);
        var status = Assert.Single(answers.Values, v => v.Kind == "label");
        Assert.Equal((600L, 3), (status.Observations, status.Distinct));
        Assert.Equal(["200", "304", "404"], status.Common.Order(StringComparer.Ordinal));
        Assert.Equal("200", status.Common[0]);
        var duration = Assert.Single(answers.Values, v => v.Kind == "size");
        Assert.NotNull(duration.Range);
        Assert.Equal("ms", duration.Range.Unit);
        Assert.InRange(duration.Range.Min, 10, 20);
        Assert.InRange(duration.Range.Max, 990, 999);
        Assert.InRange(duration.Range.Median, 400, 600);

        var sessions = summary.Templates[1];
        Assert.Equal("identifier", Assert.Single(sessions.Values).Kind);

        // 100 minutes in 5-minute intervals: 20, enough to judge volume; 30 answers at most in one.
        Assert.NotNull(summary.Rates);
        Assert.Equal((TimeSpan.FromMinutes(5), 20, true), (summary.Rates.Interval, summary.Rates.Intervals, summary.Rates.Enabled));
        Assert.Equal(2, summary.Rates.Templates.Count);
        Assert.Equal(30, summary.Rates.Templates[0].MaxPerInterval);
        Assert.Equal(1.0, summary.Rates.Templates[0].PresentShare);
    }

    [Fact]
    public void SummaryCarriesTheLowerBarOfRoutineTemplatesLines()
    {
        // A synthetic host whose routine templates calibrate a bar below its threshold, so a summary showing one twice fails.
        var history = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 1000, Seed = 3 }).Select(l => l.ToRecord()).ToArray();
        var model = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(history, TestContext.Current.CancellationToken);
        Assert.True(model.RoutineThreshold < model.Threshold, $"routine bar {model.RoutineThreshold} not below {model.Threshold}");

        var summary = ModelSummarizer.Summarize(model, volume: null, maxTemplates: 0);

        Assert.Equal((model.Threshold, model.RoutineThreshold), (summary.Threshold, summary.RoutineThreshold));
    }

    [Fact]
    public void AModelWithoutTemplateProfilesIsSummarisedByItsThresholdAlone()
    {
        var model = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "novelty" }).Train([.. History().Select(h => h.Record)], TestContext.Current.CancellationToken);

        var summary = ModelSummarizer.Summarize(model, volume: null, maxTemplates: 10);

        Assert.Equal(("novelty", 0, 1000L), (summary.Kind, summary.TemplateCount, summary.TrainedLines));
        Assert.Empty(summary.Templates);
        Assert.Null(summary.Rates);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummarizer.Summarize(model, null, -1));
    }
}
