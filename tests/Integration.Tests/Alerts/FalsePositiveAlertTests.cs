using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Abstractions.Incidents;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Alerts;

/// <summary>Lines marked false positive never alert: once an incident's only lines are marked so, the same lines coming
/// back open no incident and send nothing.</summary>
public class FalsePositiveAlertTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AnIncidentOfLinesLaterMarkedFalsePositiveDoesNotAlertAgain()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("alfp_in"), MongoServerFixture.NewDatabaseName("alfp_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(DaemonYaml.Network, "cumulus", 150);
        await using var receiver = WebhookReceiver.OnFreePort();
        await receiver.StartAsync();
        await using var cluster = await DaemonCluster.StartAsync(
            DaemonYaml.OneHost(server.ConnectionString, inputDb, targetDb) + $"\nALERT_WEBHOOK_URL: \"{receiver.Url}\"\n");
        await cluster.WaitAllDetectingAsync(Wait);
        var queries = cluster.Grains.GetGrain<IIncidentQueryGrain>(0);

        await store.InsertAsync(DaemonYaml.Network, [LogStore.Document("cumulus", LogStore.Normal("cumulus", 1)), LogStore.Document("cumulus", LogStore.Foreign(1))]);
        var opened = await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 1, Wait, d => $"{d.Count} accepted");
        Assert.Equal("opened", opened[0].GetProperty("event").GetString());
        var anomaly = Assert.Single(await store.AnomaliesAsync(DaemonYaml.NetworkTarget));

        // Its line is a false positive (its whole template); the person resolves the incident.
        await cluster.Grains.GetGrain<IFeedbackGrain>(0).SubmitAsync(new FeedbackRequest(
            anomaly["_id"].AsString, null, null, null, FeedbackVerdict.FalsePositive, FeedbackScope.Template, "alice", "routine"));
        await queries.ResolveAsync(opened[0].GetProperty("incident_id").GetString()!, "alice");
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 2, Wait, d => $"{d.Count} accepted");

        // The same kind of line comes back: scored, not reported, no incident, no alert.
        var before = (await cluster.Host(DaemonYaml.Network, "cumulus").GetStatusAsync()).LinesScored;
        await store.InsertAsync(DaemonYaml.Network, Enumerable.Range(2, 3).Select(i => LogStore.Document("cumulus", LogStore.Foreign(i))));
        await Eventually.WaitAsync(
            () => cluster.Host(DaemonYaml.Network, "cumulus").GetStatusAsync(), s => s.LinesScored >= before + 3, Wait, s => $"{s.LinesScored} scored");

        Assert.Single(await store.AnomaliesAsync(DaemonYaml.NetworkTarget));
        Assert.Empty(await queries.ListAsync(new IncidentQuery(true, null, null, null, 10)));
        Assert.Equal(["opened", "resolved"], receiver.Accepted.Select(d => d.GetProperty("event").GetString()));
    }
}
