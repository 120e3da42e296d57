using Lad.Client.Commands;
using Lad.Engine.Incidents;
using Lad.Engine.Source.Synthetic;
using Lad.Engine.Volume;

namespace Lad.Engine.Tests.Client;

public class ScenarioCatchTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);
    private static readonly SyntheticScenario Fault = new(SyntheticScenarioKind.FaultOnManyHosts, ["h1", "h2", "h3"], At, At.AddSeconds(6));

    [Fact]
    public void AFaultOnManyHostsIsCaughtByTheIncidentHoldingALineOfEachHostThoughAnotherLineOfOneOfThemCameThen()
    {
        var assigned = new List<(AnomalyOccurrence, VolumeFindingKind?, string)>
        {
            Line("h1", 0, "oom", "inc-oom"),
            // Another fault of h3 at the same second, in an incident of its own.
            Line("h3", 0.3, "ssh", "inc-ssh"),
            Line("h2", 2, "oom", "inc-oom"),
            Line("h3", 4, "oom", "inc-oom"),
        };

        var found = ScenarioCatch.IncidentOf(Fault, assigned, TimeSpan.FromMinutes(2));

        Assert.Equal("inc-oom", found?.Incident);
        Assert.Equal("h1", found?.First.Host);
    }

    [Fact]
    public void AFaultIsMissedWhenOneHostsLineIsNotThereOrFallsInAnotherIncident()
    {
        var oneMissing = new List<(AnomalyOccurrence, VolumeFindingKind?, string)> { Line("h1", 0, "oom", "inc-1"), Line("h2", 2, "oom", "inc-1") };
        var split = new List<(AnomalyOccurrence, VolumeFindingKind?, string)>
        {
            Line("h1", 0, "oom", "inc-1"), Line("h2", 2, "oom", "inc-1"), Line("h3", 4, "oom", "inc-2"),
        };
        var tooLate = new List<(AnomalyOccurrence, VolumeFindingKind?, string)>
        {
            Line("h1", 0, "oom", "inc-1"), Line("h2", 2, "oom", "inc-1"), Line("h3", 60, "oom", "inc-1"),
        };

        Assert.Null(ScenarioCatch.IncidentOf(Fault, oneMissing, TimeSpan.FromMinutes(2)));
        Assert.Null(ScenarioCatch.IncidentOf(Fault, split, TimeSpan.FromMinutes(2)));
        Assert.Null(ScenarioCatch.IncidentOf(Fault, tooLate, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void ASilenceIsCaughtOnlyByASilenceFindingWithinTheSlackOfItsTime()
    {
        var silence = new SyntheticScenario(SyntheticScenarioKind.HostSilent, ["h1"], At, At.AddMinutes(10));
        var line = new List<(AnomalyOccurrence, VolumeFindingKind?, string)> { Line("h1", 300, "oom", "inc-line") };
        var finding = new List<(AnomalyOccurrence, VolumeFindingKind?, string)>
        {
            (Line("h1", 720, "silent", "inc-silent").Item1, VolumeFindingKind.Silent, "inc-silent"),
        };

        Assert.Null(ScenarioCatch.IncidentOf(silence, line, TimeSpan.FromMinutes(2)));
        Assert.Equal("inc-silent", ScenarioCatch.IncidentOf(silence, finding, TimeSpan.FromMinutes(2))?.Incident);
        Assert.Null(ScenarioCatch.IncidentOf(silence, finding, TimeSpan.FromMinutes(1)));
    }

    private static (AnomalyOccurrence, VolumeFindingKind?, string) Line(string host, double seconds, string what, string incident) =>
        (new AnomalyOccurrence($"{host}-{seconds}", "demo", host, At.UtcDateTime.AddSeconds(seconds), what, what, [what], 0.5), null, incident);
}
