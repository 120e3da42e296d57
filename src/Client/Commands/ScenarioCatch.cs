using Lad.Engine.Incidents;
using Lad.Engine.Source.Synthetic;
using Lad.Engine.Volume;

namespace Lad.Client.Commands;

/// <summary>Which incident, if any, caught a timed scenario <c>lad demo --scenarios</c> planted.</summary>
internal static class ScenarioCatch
{
    /// <summary>
    /// The incident holding what <paramref name="scenario"/> should raise on every one of its hosts within its time (a
    /// silence or surge finding give or take <paramref name="volumeSlack"/>, dated by its interval; a flagged line at the
    /// planted times); null when no one incident holds it for all of them. Other anomalies of those hosts in that time,
    /// in incidents of their own, do not hide it. With the incident comes the first of the scenario's anomalies in it.
    /// </summary>
    /// <param name="scenario">The planted scenario.</param>
    /// <param name="assigned">Every anomaly with its volume kind (null for a line) and the incident it joined.</param>
    /// <param name="volumeSlack">How far a volume finding's interval may lie from the scenario's time.</param>
    public static (string Incident, AnomalyOccurrence First)? IncidentOf(
        SyntheticScenario scenario,
        IEnumerable<(AnomalyOccurrence Occurrence, VolumeFindingKind? Volume, string Incident)> assigned,
        TimeSpan volumeSlack)
    {
        var expected = ExpectedVolume(scenario.Kind);
        var slack = expected is null ? TimeSpan.Zero : volumeSlack;
        var (from, to) = (scenario.From.UtcDateTime - slack, scenario.To.UtcDateTime + slack);
        var raised = assigned
            .Where(a => a.Volume == expected && a.Occurrence.Time >= from && a.Occurrence.Time <= to && scenario.Hosts.Contains(a.Occurrence.Host))
            .ToList();
        foreach (var incident in raised.Select(a => a.Incident).Distinct())
        {
            if (scenario.Hosts.All(h => raised.Any(a => a.Incident == incident && a.Occurrence.Host == h)))
            {
                return (incident, raised.First(a => a.Incident == incident).Occurrence);
            }
        }

        return null;
    }

    private static VolumeFindingKind? ExpectedVolume(SyntheticScenarioKind kind) => kind switch
    {
        SyntheticScenarioKind.HostSilent => VolumeFindingKind.Silent,
        SyntheticScenarioKind.TemplateSurge => VolumeFindingKind.Surge,
        _ => null,
    };
}
