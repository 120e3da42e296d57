using Lad.Client.Commands;
using Lad.Grains.Abstractions.Incidents;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Incidents;

/// <summary>Feedback given on an incident applies to its lines: one record per host and template, and the same fault on
/// those hosts is no longer reported while another still is.</summary>
public class IncidentFeedbackTests(MongoServerFixture server)
{
    private const string Collection = "switch_logs";
    private const string Target = "switch_anomaly";
    private static readonly string[] Hosts = ["cumulus", "EXOS-VM"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ATemplateFalsePositiveOnAnIncidentSilencesItsFaultOnEveryHostItHeld()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("incfb_in"), MongoServerFixture.NewDatabaseName("incfb_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        foreach (var host in Hosts)
        {
            await store.InsertHistoryAsync(Collection, host, 150);
        }

        await using var cluster = await DaemonCluster.StartAsync($"""
            MG_URI: "{server.ConnectionString}"
            MG_INPUT_DB: "{inputDb}"
            MG_TARGET_DB: "{targetDb}"
            POLL_INTERVAL: 1
            LOG_SOURCES:
              "{Collection}":
                HOSTNAMES: ["{Hosts[0]}", "{Hosts[1]}"]
                MG_TARGET_COL: "{Target}"
            """);
        await cluster.WaitAllDetectingAsync(Wait);
        var lad = new ConsoleScenario(cluster, store);
        foreach (var host in Hosts)
        {
            await lad.InsertAndDrainAsync(Collection, host, LogStore.Foreign(1), LogStore.Foreign(2));
        }

        var incident = await Eventually.WaitAsync(
            async () => await cluster.Grains.GetGrain<IIncidentQueryGrain>(0).ListAsync(new IncidentQuery(true, null, null, null, 10)),
            list => list.Count == 1 && list[0].Count == 4,
            Wait,
            list => string.Join("; ", list.Select(i => $"{i.Count} on {string.Join(",", i.Hosts)}")));

        var (refused, refusal) = await lad.RunAsync("feedback", (g, c) => FeedbackCommand.SubmitAsync(
            g, null, true, false, "value", null, null, null, "alice", null, c.Console, incident: incident[0].Id));
        Assert.NotEqual(0, refused);
        Assert.Contains("scope: value scope names one parameter of one line", refusal.Error.ToString());

        var (code, output) = await lad.RunAsync("feedback", (g, c) => FeedbackCommand.SubmitAsync(
            g, null, true, false, "template", null, null, null, "alice", "known flapping", c.Console, incident: incident[0].Id));
        Assert.Equal(0, code);
        Assert.Contains($"incident {incident[0].Id}: 2 feedback records", output.Text);

        foreach (var host in Hosts)
        {
            await lad.InsertAndDrainAsync(Collection, host, LogStore.Foreign(3), "firmware checksum mismatch on flash bank 2, refusing boot image");
        }

        var messages = (await store.AnomaliesAsync(Target)).Select(a => a["lad"]["message"].AsString).ToList();
        Assert.Equal(6, messages.Count);
        Assert.DoesNotContain(LogStore.Foreign(3), messages);
        Assert.Equal(2, messages.Count(m => m.StartsWith("firmware checksum mismatch", StringComparison.Ordinal)));
    }
}
