using System.Text.Json;
using Lad.Client.Commands;
using Lad.Grains.Abstractions.Incidents;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

public class IncidentCommandsTests(MongoServerFixture server)
{
    [Fact]
    public async Task IncidentsAreListedFilteredShownInContextAcknowledgedAndResolvedFromTheConsole()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("incq_in"), MongoServerFixture.NewDatabaseName("incq_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        foreach (var (collection, host) in new[] { (Network, "cumulus"), (Network, "EXOS-VM"), (Web, "dataform") })
        {
            await store.InsertHistoryAsync(collection, host, 100);
        }

        await using var cluster = await DaemonCluster.StartAsync(TwoSources(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);
        await cluster.WaitAllDetectingAsync(ConsoleScenario.Wait);
        await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(1), LogStore.Normal("cumulus", 1), LogStore.Foreign(2));
        await lad.InsertAndDrainAsync(Network, "EXOS-VM", LogStore.Foreign(3), LogStore.Normal("EXOS-VM", 1));
        await lad.InsertAndDrainAsync(Web, "dataform", LogStore.Foreign(4));

        async Task<JsonElement[]> List(bool open, string? source, string? host, string? since = null)
        {
            var (code, output) = await lad.RunAsync("incidents", (g, c) =>
                IncidentsCommand.RunAsync(g, new IncidentQuery(open, source, host, since is null ? null : DateTime.Parse(since, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), 10), true, c.Console, c.Output));
            Assert.Equal(0, code);
            return JsonDocument.Parse(output.Text).RootElement.EnumerateArray().ToArray();
        }

        // The incidents are written by each source's grain after the hosts' sink writes; the network fault is one
        // incident on both of its hosts, the web one another.
        var all = await Eventually.WaitAsync(() => List(false, null, null), l => l.Length == 2 && l.Sum(i => i.GetProperty("count").GetInt64()) == 4,
            ConsoleScenario.Wait, l => $"{l.Length} incidents");
        var network = Assert.Single(await List(false, Network, null));
        Assert.Equal(3, network.GetProperty("count").GetInt64());
        Assert.Equal(["EXOS-VM", "cumulus"], network.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(Web, Assert.Single(await List(false, null, "dataform")).GetProperty("source").GetString());
        Assert.Empty(await List(false, null, null, "2999-01-01T00:00:00Z"));
        Assert.Equal(2, all.Length);
        var id = network.GetProperty("id").GetString()!;

        var (shown, detail) = await lad.RunAsync("incident", (g, c) => IncidentCommand.RunAsync(g, id, 1, false, c.Console, c.Output));
        Assert.Equal(0, shown);
        Assert.Contains("> kernel panic", detail.Text);
        Assert.Contains(LogStore.Normal("cumulus", 1), detail.Text); // the line after the first sample

        var (acked, ackOut) = await lad.RunAsync("ack", (g, c) =>
            IncidentStateCommand.RunAsync(g, id, (f, i) => f.GetGrain<IIncidentQueryGrain>(0).AcknowledgeAsync(i, null), c.Console));
        Assert.Equal(0, acked);
        Assert.Contains($"incident {id} (3 lines on EXOS-VM, cumulus): acknowledged by anonymous", ackOut.Text);
        Assert.Equal("acknowledged", Assert.Single(await List(true, Network, null)).GetProperty("state").GetString());

        var (resolved, resolveOut) = await lad.RunAsync("resolve", (g, c) =>
            IncidentStateCommand.RunAsync(g, id, (f, i) => f.GetGrain<IIncidentQueryGrain>(0).ResolveAsync(i, null), c.Console));
        Assert.Equal(0, resolved);
        Assert.Contains("resolved by anonymous", resolveOut.Text);
        Assert.Equal(Web, Assert.Single(await List(true, null, null)).GetProperty("source").GetString());

        var (missing, missingOut) = await lad.RunAsync("incident", (g, c) => IncidentCommand.RunAsync(g, "0000000000000000", 1, false, c.Console, c.Output));
        Assert.Equal(1, missing);
        Assert.Contains("lad incident: id: no incident '0000000000000000'", missingOut.Error.ToString());
        var (tooMuch, tooMuchOut) = await lad.RunAsync("incident", (g, c) => IncidentCommand.RunAsync(g, id, 500, false, c.Console, c.Output));
        Assert.Equal(1, tooMuch);
        Assert.Contains("context: must be between 0 and 50", tooMuchOut.Error.ToString());
    }
}
