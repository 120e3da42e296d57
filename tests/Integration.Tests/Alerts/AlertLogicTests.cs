using Lad.Engine.Incidents;
using Lad.Grains.Alerts;
using Lad.Grains.Retry;

namespace Lad.Integration.Tests.Alerts;

/// <summary>The parts of alert delivery that need neither Orleans nor MongoDB: backoff, collapse, event names, the rate
/// limit's burst, and what each receiver is sent.</summary>
public class AlertLogicTests
{
    [Fact]
    public void BackoffCeilingDoublesFromTheFirstWaitUpToTheCapAndStaysThere()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        var ceilings = Enumerable.Range(0, 12).Select(n => backoff.Ceiling(n).TotalSeconds).ToList();

        Assert.Equal([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300], ceilings);
        Assert.Equal(TimeSpan.FromMinutes(5), backoff.Ceiling(int.MaxValue));
        Assert.Equal([0.5, 1, 2, 150], new[] { 1, 2, 3, 60 }.Select(n => (backoff with { Draw = () => 0 }).After(n).TotalSeconds));
        Assert.Equal([1, 2, 4, 300], new[] { 1, 2, 3, 60 }.Select(n => (backoff with { Draw = () => 1 }).After(n).TotalSeconds));
    }

    [Fact]
    public void DeliveriesFailedByOneOutageDoNotRetryInLockStep()
    {
        // 500 queued deliveries that failed together for the fourth time, waits drawn from a seeded generator.
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)) { Draw = new Random(20261202).NextDouble };

        var waits = Enumerable.Range(0, 500).Select(_ => backoff.After(4).TotalSeconds).ToList();

        Assert.All(waits, w => Assert.InRange(w, 4, 8));
        Assert.True(waits.Distinct().Count() > 450, $"{waits.Distinct().Count()} distinct waits of 500");
        // Spread over the whole range: each eighth of it holds between 5% and 20% of the waits (12.5% if uniform).
        var eighths = waits.GroupBy(w => Math.Min((int)((w - 4) / 0.5), 7)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 8), e => Assert.InRange(eighths.GetValueOrDefault(e), 25, 100));
        // Capped waits are drawn too: after many failures they spread between 150 s and 300 s.
        var capped = Enumerable.Range(0, 100).Select(_ => backoff.After(30).TotalSeconds).ToList();
        Assert.All(capped, w => Assert.InRange(w, 150, 300));
        Assert.True(capped.Max() - capped.Min() > 100, $"capped waits span {capped.Min():0.#}-{capped.Max():0.#} s");
    }

    [Fact]
    public void ABatchCollapsesToEachIncidentsLatestStateInTheOrderIncidentsFirstAppear()
    {
        var (a, b) = (new ScriptedIncident("a000000000000001"), new ScriptedIncident("b000000000000002"));
        var changes = new List<IncidentChange> { a.Opened(), b.Opened(), a.Grown(3), b.Grown(2), a.Grown(7), b.Acknowledged("bob"), b.Resolved() };

        var latest = AlertCollapse.Latest(changes);

        Assert.Equal(
            [(a.Id, IncidentChangeKind.Opened, 7L, IncidentState.Open), (b.Id, IncidentChangeKind.Resolved, 2L, IncidentState.Resolved)],
            latest.Select(c => (c.Incident.Id, c.Kind, c.Incident.Count, c.Incident.State)));
    }

    [Theory]
    [InlineData(IncidentChangeKind.Opened, false, "opened")]
    [InlineData(IncidentChangeKind.Grown, false, "opened")]
    [InlineData(IncidentChangeKind.Acknowledged, false, "opened")]
    [InlineData(IncidentChangeKind.Resolved, false, "resolved")]
    [InlineData(IncidentChangeKind.Grown, true, "grown")]
    [InlineData(IncidentChangeKind.Acknowledged, true, "acknowledged")]
    [InlineData(IncidentChangeKind.Resolved, true, "resolved")]
    public void AReceiverThatHasNotHeardOfAnIncidentIsToldItOpenedUnlessItIsAlreadyResolved(IncidentChangeKind latest, bool deliveredBefore, string expected) =>
        Assert.Equal(expected, AlertEvent.Name(latest, deliveredBefore));

    [Fact]
    public void TheRateLimitAllowsABurstOfItsPerMinuteFigureAndNoMore()
    {
        using var limit = AlertRateLimit.Create(5, refill: false);

        var granted = Enumerable.Range(0, 8).Count(_ =>
        {
            using var lease = limit.AttemptAcquire(1);
            return lease.IsAcquired;
        });

        Assert.Equal(5, granted);
        Assert.Equal(TimeSpan.FromSeconds(12), AlertRateLimit.Create(5).ReplenishmentPeriod);
    }

    [Fact]
    public void AnAlertmanagerAlertKeepsItsLabelsAsTheIncidentGrowsAndEndsAtTheResolution()
    {
        var incident = new ScriptedIncident("e000000000000005");
        var options = new AlertOptions { Severity = "page", AlertmanagerResend = TimeSpan.FromMinutes(1) };
        var now = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

        var opened = AlertmanagerAlert.From(Entry(incident.Opened()), options, now);
        var grown = AlertmanagerAlert.From(Entry(incident.Grown(9, "EXOS-VM", "172.17.18.178")), options, now);
        var resolved = AlertmanagerAlert.From(Entry(incident.Resolved()), options, now);

        Assert.Equal(opened.Labels, grown.Labels);
        Assert.Equal(opened.Labels, resolved.Labels);
        Assert.Equal(("cumulus", "page"), (opened.Labels["host"], opened.Labels["severity"]));
        Assert.Equal(("172.17.18.178,EXOS-VM,cumulus", "9"), (grown.Annotations["hosts"], grown.Annotations["count"]));
        Assert.Equal(now.AddMinutes(4), grown.EndsAt);
        Assert.Equal(new DateTime(2026, 12, 1, 8, 39, 0, DateTimeKind.Utc), resolved.EndsAt);
        Assert.Null(opened.GeneratorUrl);
        Assert.False(opened.Annotations.ContainsKey("link"));
    }

    [Theory]
    [InlineData("https://lad.example.org", "https://lad.example.org/api/incidents/f000000000000006")]
    [InlineData("https://example.org/lad/", "https://example.org/lad/api/incidents/f000000000000006")]
    public void LinksGoToTheIncidentUnderTheLinkBase(string linkBase, string expected) =>
        Assert.Equal(expected, new AlertOptions { LinkBase = new Uri(linkBase) }.LinkTo("f000000000000006"));

    private static AlertQueueEntry Entry(IncidentChange change) => new("alertmanager:" + change.Incident.Id, "alertmanager", change.Incident, change.Kind, 1, 0, 0);
}
