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
        // The delivery is marked after the receiver answered, so the mark may follow the accepted call by a moment.
        var entries = await Eventually.WaitAsync(
            () => delivery.Queue.AllAsync(TestContext.Current.CancellationToken), e => e.Count == 1 && e[0].DeliveredVersion == e[0].Version,
            TimeSpan.FromSeconds(30), e => string.Join(", ", e.Select(x => $"version {x.Version} delivered {x.DeliveredVersion}")));
        Assert.Equal(1L, entries[0].DeliveredVersion);
    }

    [Fact]
    public async Task ADeliveryRoundWaitingForAReplyThatNeverComesIsAbandonedAndTheChangeStillGoesOutOnce()
    {
        await using var receiver = WebhookReceiver.OnFreePort();
        await receiver.StartAsync();
        var options = DeliveryHarness.FastOptions();
        options.WebhookUrl = new Uri(receiver.Url);
        options.LeaseDuration = TimeSpan.FromSeconds(1);
        options.RequestTimeout = TimeSpan.FromSeconds(1);
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        using var client = new MongoClient(forwarder.UnwatchedConnectionString);
        await using var delivery = await DeliveryHarness.StartAsync(client.GetDatabase(MongoServerFixture.NewDatabaseName("qstrand")), options);
        var incident = new ScriptedIncident("5000000000000006");
        await delivery.ReportAsync(incident.Opened());
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 1, TimeSpan.FromSeconds(30), d => $"{d.Count} accepted");
        // The delivery is marked a moment after the receiver answered. Stranding the connections before the mark lands
        // would leave the first change unmarked, and sending it again, under the same delivery id, would then be the
        // queue's duty; this test is about the rounds after the mark.
        await Eventually.WaitAsync(
            () => delivery.Queue.AllAsync(TestContext.Current.CancellationToken), e => e.Count == 1 && e[0].DeliveredVersion == e[0].Version,
            TimeSpan.FromSeconds(30), e => string.Join(", ", e.Select(x => $"version {x.Version} delivered {x.DeliveredVersion}")));

        // Every open connection now swallows what it is sent: the delivery loop's next read waits for a reply that never
        // comes, and the change below is held in memory when its queue write runs out of time.
        forwarder.Strand();
        await delivery.ReportAsync(incident.Grown(6, "EXOS-VM"));
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 2, TimeSpan.FromSeconds(60), d => $"{d.Count} accepted");

        Assert.True(forwarder.BytesDropped > 0, "no request was sent on a stranded connection, so nothing was left waiting");
        var deliveries = receiver.Accepted.Select(d => (d.GetProperty("event").GetString(), d.GetProperty("count").GetInt64())).ToList();
        Assert.Equal([("opened", 1L), ("grown", 6L)], deliveries);
    }
}
