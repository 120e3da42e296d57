using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// A template that becomes routine only late in a history (a proxy's connections to ever new hosts, a count that only
/// lately began to be logged) has not shown how its values settle, so its lines keep the bar of rare and new lines.
/// </summary>
public class UnprovenRoutineTemplateTests
{
    private static readonly string[] Syllables = ["ka", "lo", "mi", "tu", "re", "so", "vi", "na"];

    // A host name of letters only, so its pieces are words: a new name is a new word of the template.
    private static string Site(int i) =>
        $"{Syllables[i % 8]}{Syllables[i / 8 % 8]}{Syllables[i / 64 % 8]}.example.com";

    private static LogRecord Proxy(int i) =>
        new($"proxy[77]: {Site(i)}:443 open through proxy gw.example.com:5070 HTTPS", "INFO", "web-1");

    // One alarm in 10,000 lines: the held-out part allows none, so the proxy's first lines, a new template there, set the
    // bar of rare lines above the routine one (at the default budget the history, held out whole, allows two, and both
    // bars sit at their floor, where no test can tell them apart).
    private static DefaultModel Trained(List<LogRecord> history) =>
        (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default", AlarmBudget = 1 }).Train(history, TestContext.Current.CancellationToken);

    private static List<LogRecord> History()
    {
        // 1,600 routine lines, then 400 more of which every fifth is the proxy's, each to a host never seen before.
        var history = Enumerable.Range(0, 1600).Select(WebHostLines.Routine).ToList();
        history.AddRange(Enumerable.Range(1600, 400).Select(i => i % 5 == 0 ? Proxy(i) : WebHostLines.Routine(i)));
        return history;
    }

    [Fact]
    public void TheProxysLinesKeepTheOtherBarAndTheEstablishedOnesTheRoutineBar()
    {
        var model = Trained(History());

        Assert.True(model.RoutineThreshold < model.Threshold, $"routine {model.RoutineThreshold} other {model.Threshold}");
        var proxy = model.OpenStream().ScoreAnomaly(Proxy(5000), out _, out var proxyBar);
        var cron = model.OpenStream().ScoreAnomaly(WebHostLines.Routine(0), out _, out var cronBar);

        Assert.Equal(model.Threshold, proxyBar);
        Assert.Equal(model.RoutineThreshold, cronBar);
        Assert.Null(proxy);
        Assert.Null(cron);
        Assert.Single(model.Thresholds.Unproven!);
    }

    [Fact]
    public void ATemplateThatBecameRoutineAfterTheHistorysFirstHalfKeepsTheOtherBar()
    {
        // The proxy's history, where from line 1,100 on another fifth of the lines is a count that keeps climbing:
        // routine in the first 80% of the history (the part the calibrating profile learned), absent from its first half.
        static LogRecord Count(int i) => new($"kernel[0]: {i * i} floating point alignment exceptions", "INFO", "web-1");
        var history = History().Select((line, i) => i >= 1100 && i % 5 == 2 ? Count(i) : line).ToList();

        var model = Trained(history);
        model.OpenStream().ScoreAnomaly(Count(2000), out _, out var countBar);
        model.OpenStream().ScoreAnomaly(WebHostLines.Routine(2), out _, out var nginxBar);

        Assert.True(model.RoutineThreshold < model.Threshold, $"routine {model.RoutineThreshold} other {model.Threshold}");
        Assert.Equal(model.Threshold, countBar);
        Assert.Equal(model.RoutineThreshold, nginxBar);
    }

    [Fact]
    public void TheUnprovenTemplatesSurviveSavingAndLoading()
    {
        var model = (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(History(), TestContext.Current.CancellationToken);
        using var file = new MemoryStream();
        ModelCatalog.Save(model, file);
        file.Position = 0;

        var loaded = (DefaultModel)ModelCatalog.Load(file);

        Assert.Equal(model.Thresholds.Unproven!.Order(), loaded.Thresholds.Unproven!.Order());
        loaded.OpenStream().ScoreAnomaly(Proxy(5001), out _, out var bar);
        Assert.Equal(loaded.Threshold, bar);
    }

    [Fact]
    public void AHistoryTooShortToHoldAnyOutHasNone()
    {
        var model = (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" })
            .Train(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? WebHostLines.Routine(i) : Proxy(i)).ToList(), TestContext.Current.CancellationToken);

        Assert.Null(model.Thresholds.Unproven);
    }
}
