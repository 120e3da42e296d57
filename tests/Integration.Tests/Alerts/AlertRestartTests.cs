using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Alerts;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Alerts;

/// <summary>Alerts queued by a silo whose receiver was down survive the silo: the next silo delivers them, once.</summary>
public class AlertRestartTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task QueuedDeliveriesSurviveASiloRestartAndArriveOnce()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("alr_in"), MongoServerFixture.NewDatabaseName("alr_out"));
        await using var receiver = WebhookReceiver.OnFreePort();
        var yaml = DaemonYaml.OneHost(server.ConnectionString, inputDb, targetDb) + $"\nALERT_WEBHOOK_URL: \"{receiver.Url}\"\n";
        var queue = new MongoAlertQueue(server.Client.GetDatabase(targetDb));
        var now = DateTime.UtcNow;

        // The receiver is down while the first silo opens an incident: the delivery fails and stays queued.
        await using (var first = await DaemonCluster.StartAsync(yaml))
        {
            await first.Grains.GetGrain<ISourceIncidentsGrain>(DaemonYaml.Network).RecordAsync([Anomaly("a1", now), Anomaly("a2", now.AddSeconds(1))]);
            await Eventually.WaitAsync(
                () => queue.AllAsync(TestContext.Current.CancellationToken), q => q.Count == 1 && q[0].Attempts >= 2, Wait,
                q => string.Join("; ", q.Select(e => $"{e.Id} attempts {e.Attempts}")));
        }

        await receiver.StartAsync();
        await using var second = await DaemonCluster.StartAsync(yaml);
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 1, Wait, d => $"{d.Count} accepted");
        await second.Grains.GetGrain<ISourceIncidentsGrain>(DaemonYaml.Network).RecordAsync([Anomaly("a3", now.AddSeconds(2))]);
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 2, Wait, d => $"{d.Count} accepted");
        await Eventually.WaitAsync(
            () => queue.AllAsync(TestContext.Current.CancellationToken), q => q.Count == 1 && q[0].DeliveredVersion == q[0].Version, Wait,
            q => string.Join("; ", q.Select(e => $"{e.Id} v{e.Version} delivered v{e.DeliveredVersion}")));

        var deliveries = receiver.Accepted.Select(d => (d.GetProperty("event").GetString(), d.GetProperty("count").GetInt64())).ToList();
        Assert.Equal([("opened", 2L), ("grown", 3L)], deliveries);
        Assert.Single(receiver.Accepted.Select(d => d.GetProperty("incident_id").GetString()).Distinct());
    }

    private static IncidentAnomaly Anomaly(string id, DateTime time) =>
        new($"{DaemonYaml.NetworkTarget}:{id}", "cumulus", time, "disk <*> failed: I/O error", $"disk sda{id} failed: I/O error", ["never seen"], 4);
}
