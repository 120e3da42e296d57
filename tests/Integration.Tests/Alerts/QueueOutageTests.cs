using Lad.Grains.Alerts;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Alerts;

/// <summary>When the queue cannot be written (MongoDB unreachable) the incident grain's observer neither throws nor waits
/// past its bound: the changes are held in memory, in order, and queued and delivered once MongoDB answers.</summary>
public class QueueOutageTests(MongoServerFixture server)
{
    [Fact]
    public async Task ChangesTheQueueRefusedAreHeldInOrderAndDeliveredLaterAsTheLatestState()
    {
        await using var receiver = WebhookReceiver.OnFreePort();
        await receiver.StartAsync();
        var options = DeliveryHarness.FastOptions();
        options.WebhookUrl = new Uri(receiver.Url);
        options.EnqueueTimeout = TimeSpan.FromMilliseconds(300);
        using var unreachable = new MongoClient($"mongodb://127.0.0.1:{WebhookReceiver.FreePort()}/?serverSelectionTimeoutMS=3600000&directConnection=true");
        var backlog = new AlertBacklog();
        var observer = new QueueingIncidentObserver(
            new MongoAlertQueue(unreachable.GetDatabase("nowhere")), [new WebhookChannel(new HttpClient(), options)], backlog, Options.Create(options),
            NullLogger<QueueingIncidentObserver>.Instance);
        var incident = new ScriptedIncident("5000000000000005");

        // Without its bound the observer would wait the driver's hour-long server selection: the generous limit fails it.
        await observer.OnChangedAsync([incident.Opened()], TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await observer.OnChangedAsync([incident.Grown(6, "EXOS-VM")], TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(2, backlog.Count);

        await using var delivery = await DeliveryHarness.StartAsync(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("qout")), options, backlog);
        var accepted = await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 1, TimeSpan.FromSeconds(60), d => $"{d.Count} accepted");

        Assert.Equal(("opened", 6L), (accepted[0].GetProperty("event").GetString(), accepted[0].GetProperty("count").GetInt64()));
        Assert.Equal(0, backlog.Count);
        var entry = Assert.Single(await delivery.Queue.AllAsync(TestContext.Current.CancellationToken));
        Assert.Equal(entry.Version, entry.DeliveredVersion);
    }
}
