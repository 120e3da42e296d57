using Lad.Engine.Incidents;
using Lad.Grains.Alerts;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Alerts;

/// <summary>The durable queue in MongoDB without Orleans: newer states supersede older ones, a delivery is acknowledged
/// only for the version it sent, failures wait their backoff, resolutions leave the queue once delivered; and the lease
/// elects one deliverer.</summary>
public class AlertQueueTests(MongoServerFixture server)
{
    private static readonly string[] Both = ["webhook", "alertmanager"];
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnIncidentsChangesCollapseIntoOneEntryPerReceiverHoldingItsLatestState()
    {
        var queue = new MongoAlertQueue(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("aq")));
        var incident = new ScriptedIncident("1000000000000001");

        await queue.EnqueueAsync([incident.Opened()], Both, Cancel);
        await queue.EnqueueAsync([incident.Grown(3), incident.Grown(8, "EXOS-VM")], Both, Cancel);
        await queue.EnqueueAsync([incident.Acknowledged("alice")], Both, Cancel);

        var due = await queue.DueAsync(Both, 100, Cancel);
        Assert.Equal(["alertmanager:1000000000000001", "webhook:1000000000000001"], due.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(due, e => Assert.Equal((3L, 0L, 8L, IncidentState.Acknowledged, IncidentChangeKind.Acknowledged, "opened"),
            (e.Version, e.DeliveredVersion, e.Incident.Count, e.Incident.State, e.Kind, e.Event)));
        Assert.Equal(["EXOS-VM", "cumulus"], due[0].Incident.Hosts);
        Assert.Equal(["webhook:1000000000000001"], (await queue.DueAsync(["webhook"], 100, Cancel)).Select(e => e.Id));
    }

    [Fact]
    public async Task AChangeQueuedWhileADeliveryIsInFlightIsDeliveredNext()
    {
        var queue = new MongoAlertQueue(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("aq")));
        var incident = new ScriptedIncident("2000000000000002");
        await queue.EnqueueAsync([incident.Opened()], ["webhook"], Cancel);
        var sent = Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel));

        await queue.EnqueueAsync([incident.Grown(4)], ["webhook"], Cancel);
        await queue.DeliveredAsync(sent, resendAfter: null, Cancel);

        var next = Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel));
        Assert.Equal((2L, 1L, 4L, "grown"), (next.Version, next.DeliveredVersion, next.Incident.Count, next.Event));
        await queue.DeliveredAsync(next, resendAfter: null, Cancel);
        Assert.Empty(await queue.DueAsync(["webhook"], 10, Cancel));
        Assert.Equal(2L, Assert.Single(await queue.AllAsync(Cancel)).DeliveredVersion);
    }

    [Fact]
    public async Task AStateQueuedAgainIsNotANewVersionAndDoesNotStopTheOthersInItsWrite()
    {
        var queue = new MongoAlertQueue(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("aq")));
        var incident = new ScriptedIncident("2500000000000025");
        var other = new ScriptedIncident("2600000000000026");
        await queue.EnqueueAsync([incident.Opened()], ["webhook"], Cancel);
        await queue.DeliveredAsync(Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel)), resendAfter: null, Cancel);

        // The first write's caller gave up on it after it had landed, so the same change comes again, now beside another.
        await queue.EnqueueAsync([incident.Opened(), other.Opened()], ["webhook"], Cancel);

        var due = Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel));
        Assert.Equal(("webhook:2600000000000026", 1L), (due.Id, due.Version));
        var delivered = (await queue.AllAsync(Cancel)).Single(e => e.Incident.Id == incident.Id);
        Assert.Equal((1L, 1L), (delivered.Version, delivered.DeliveredVersion));

        await queue.EnqueueAsync([incident.Grown(5)], ["webhook"], Cancel);
        var grown = (await queue.DueAsync(["webhook"], 10, Cancel)).Single(e => e.Incident.Id == incident.Id);
        Assert.Equal((2L, "grown", 5L), (grown.Version, grown.Event, grown.Incident.Count));
    }

    [Fact]
    public async Task AFailedDeliveryWaitsItsBackoffKeepsNewerStatesAndAResolutionLeavesTheQueueOnceDelivered()
    {
        var queue = new MongoAlertQueue(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("aq")));
        var incident = new ScriptedIncident("3000000000000003");
        await queue.EnqueueAsync([incident.Opened()], ["webhook"], Cancel);
        var first = Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel));

        await queue.FailedAsync(first, TimeSpan.FromHours(1), "503 Service Unavailable", Cancel);
        await queue.EnqueueAsync([incident.Grown(2)], ["webhook"], Cancel);

        Assert.Empty(await queue.DueAsync(["webhook"], 10, Cancel));
        var waiting = Assert.Single(await queue.AllAsync(Cancel));
        Assert.Equal((1, 2L, 2L), (waiting.Attempts, waiting.Version, waiting.Incident.Count));

        await queue.FailedAsync(waiting, TimeSpan.Zero, "503 Service Unavailable", Cancel);
        var retry = Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel));
        Assert.Equal(2, retry.Attempts);
        await queue.DeliveredAsync(retry, null, Cancel);
        await queue.EnqueueAsync([incident.Resolved()], ["webhook"], Cancel);
        await queue.DeliveredAsync(Assert.Single(await queue.DueAsync(["webhook"], 10, Cancel)), null, Cancel);

        Assert.Empty(await queue.AllAsync(Cancel));
    }

    [Fact]
    public async Task AlertmanagerEntriesOfUnresolvedIncidentsComeDueAgainForTheirResend()
    {
        var queue = new MongoAlertQueue(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("aq")));
        var incident = new ScriptedIncident("4000000000000004");
        await queue.EnqueueAsync([incident.Opened()], ["alertmanager"], Cancel);

        await queue.DeliveredAsync(Assert.Single(await queue.DueAsync(["alertmanager"], 10, Cancel)), TimeSpan.Zero, Cancel);
        var resend = Assert.Single(await queue.DueAsync(["alertmanager"], 10, Cancel));
        Assert.Equal((1L, 1L), (resend.Version, resend.DeliveredVersion));

        await queue.DeliveredAsync(resend, TimeSpan.FromHours(1), Cancel);
        Assert.Empty(await queue.DueAsync(["alertmanager"], 10, Cancel));
    }

    [Fact]
    public async Task OneSiloHoldsTheDeliveryLeaseUntilItLapsesOrIsReleased()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("lease"));
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var (first, second) = (new DeliveryLease(database, "silo-1", clock), new DeliveryLease(database, "silo-2", clock));

        Assert.True(await first.TryHoldAsync(TimeSpan.FromSeconds(30), Cancel));
        clock.Now += TimeSpan.FromSeconds(29);
        Assert.False(await second.TryHoldAsync(TimeSpan.FromSeconds(30), Cancel));
        Assert.True(await first.TryHoldAsync(TimeSpan.FromSeconds(30), Cancel));
        clock.Now += TimeSpan.FromSeconds(31);
        Assert.True(await second.TryHoldAsync(TimeSpan.FromHours(1), Cancel));
        Assert.False(await first.TryHoldAsync(TimeSpan.FromHours(1), Cancel));

        await second.ReleaseAsync(Cancel);
        Assert.True(await first.TryHoldAsync(TimeSpan.FromHours(1), Cancel));
    }
}
