using System.Globalization;
using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>Values people declared normal at a parameter are no evidence, while other values there still are.</summary>
public class AcceptedValueTests
{
    private const string Template = "health check of backend <*> failed after <*> state=<*>";

    /// <summary>A switch's routine lines, with a failing health check in 1 of 25 lines whose duration stays within
    /// 100–900 ms and whose state is one of two words.</summary>
    public static List<LogRecord> History(int count)
    {
        var random = new Random(7);
        var lines = new List<LogRecord>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(new LogRecord((i % 25) switch
            {
                0 => $"health check of backend {random.Next(1, 9)} failed after {random.Next(100, 900)} ms state={(random.Next(2) == 0 ? "degraded" : "stalled")}",
                _ => (i % 3) switch
                {
                    0 => $"Interface swp{i % 48} link up speed 10000",
                    1 => $"BGP neighbor 10.0.0.{i % 50} session established",
                    _ => $"LLDP neighbor on swp{i % 48} refreshed",
                },
            }));
        }

        return lines;
    }

    private static string Check(string millis, string state = "degraded") =>
        string.Create(CultureInfo.InvariantCulture, $"health check of backend 3 failed after {millis} ms state={state}");

    private static IAnomalyModel Train() =>
        ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(History(1500), TestContext.Current.CancellationToken);

    [Fact]
    public void AnAbsurdValueIsListedWithItsParameterAndFlagged()
    {
        var model = Train();
        var line = new LogRecord(Check("987654321"));

        var unusual = Assert.Single(model.UnusualValues(line));
        Assert.Equal((Template, 2, "987654321 ms"), (unusual.Template, unusual.Parameter, unusual.Value));
        Assert.StartsWith("value 987654321 ms at parameter 2 of this template is far above its history", unusual.Reason, StringComparison.Ordinal);
        var verdict = model.OpenStream().Score(line);
        Assert.True(verdict.IsAnomaly, $"{verdict.Score} <= {verdict.Threshold}: {string.Join(" | ", verdict.Explanation.Reasons)}");
        Assert.Empty(model.UnusualValues(new LogRecord(Check("512"))));
    }

    [Fact]
    public void AnAcceptedValueIsNoEvidenceWhileAnotherAbsurdValueStillIs()
    {
        var model = Train();
        var stream = model.OpenStream(new AcceptedValues((Template, 2, "987654321 ms")));

        var accepted = stream.Score(new LogRecord(Check("987654321")));
        Assert.False(accepted.IsAnomaly, $"{accepted.Score} > {accepted.Threshold}: {string.Join(" | ", accepted.Explanation.Reasons)}");
        Assert.DoesNotContain(accepted.Explanation.Reasons, r => r.Contains("987654321", StringComparison.Ordinal));
        var other = stream.Score(new LogRecord(Check("123456789")));
        Assert.True(other.IsAnomaly, $"{other.Score} <= {other.Threshold}");
        Assert.Contains(other.Explanation.Reasons, r => r.StartsWith("value 123456789 ms at parameter 2", StringComparison.Ordinal));
        // The same value at another parameter is not covered.
        Assert.Contains(model.UnusualValues(new LogRecord(Check("512", "987654321"))), v => v.Parameter == 3);
    }

    [Fact]
    public void TwoUnusualValuesAreBothListedAndAcceptingOneLeavesTheOther()
    {
        var model = Train();
        var line = new LogRecord(Check("987654321", "melted"));

        var unusual = model.UnusualValues(line);
        Assert.Equal([2, 3], unusual.Select(v => v.Parameter).Order().ToArray());
        var stream = model.OpenStream(new AcceptedValues((Template, 3, "melted")));
        var reasons = stream.Score(line).Explanation.Reasons;
        Assert.Contains(reasons, r => r.StartsWith("value 987654321 ms at parameter 2", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons, r => r.Contains("melted", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAcceptedWordValueIsNotNewVocabularyEither()
    {
        var model = Train();
        var line = new LogRecord(Check("512", "melted"));
        Assert.Contains(model.OpenStream().Score(line).Explanation.Reasons, r => r.Contains("melted", StringComparison.Ordinal));

        var reasons = model.OpenStream(new AcceptedValues((Template, 3, "melted"))).Score(line).Explanation.Reasons;
        Assert.DoesNotContain(reasons, r => r.Contains("melted", StringComparison.Ordinal));
    }
}
