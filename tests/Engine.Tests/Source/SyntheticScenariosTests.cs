using Lad.Engine.Source.Synthetic;

namespace Lad.Engine.Tests.Source;

public class SyntheticScenariosTests
{
    [Fact]
    public void TheScenariosArePlantedWhereThePlanSays()
    {
        var options = new SyntheticLogOptions { Hosts = 4, LinesPerHost = 2000, TimedScenarios = true };
        var lines = SyntheticLogGenerator.Generate(options);
        var plan = SyntheticScenarios.Plan(options);

        Assert.Equal([SyntheticScenarioKind.HostSilent, SyntheticScenarioKind.TemplateSurge, SyntheticScenarioKind.FaultOnManyHosts], plan.Select(p => p.Kind));
        var silent = plan[0];
        Assert.DoesNotContain(lines, l => l.Host == "host-01" && l.Timestamp >= silent.From && l.Timestamp < silent.To);
        Assert.Contains(lines, l => l.Host == "host-02" && l.Timestamp >= silent.From && l.Timestamp < silent.To);

        var surge = plan[1];
        var surging = lines.Where(l => l.Host == "host-02" && l.Timestamp >= surge.From && l.Timestamp < surge.To).GroupBy(l => l.Text).Max(g => g.Count());
        Assert.True(surging >= 60, $"{surging} repeats in the surge");

        var fault = plan[2];
        var planted = lines.Where(l => l.Timestamp >= fault.From && l.Timestamp < fault.To && l.Anomaly == SyntheticAnomalyKind.UnseenError).ToList();
        Assert.Equal(["host-01", "host-02", "host-03"], planted.Select(l => l.Host));
        Assert.Single(planted.Select(l => l.Text).Distinct());
        Assert.True(lines.Zip(lines.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "lines out of time order");
    }

    [Fact]
    public void WithoutTheOptionNothingIsPlantedAndTheOutputIsUnchanged()
    {
        var options = new SyntheticLogOptions { Hosts = 2, LinesPerHost = 500 };

        Assert.Empty(SyntheticScenarios.Plan(options));
        Assert.Equal(SyntheticLogGenerator.Generate(options), SyntheticLogGenerator.Generate(options with { TimedScenarios = false }));
        Assert.NotEqual(SyntheticLogGenerator.Generate(options).Count, SyntheticLogGenerator.Generate(options with { TimedScenarios = true }).Count);
    }
}
