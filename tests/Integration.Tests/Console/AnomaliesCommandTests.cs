using Lad.Client.Commands;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

public class AnomaliesCommandTests(MongoServerFixture server)
{
    [Fact]
    public async Task AnomaliesAreFilteredBySourceHostTimeAndLimitAndBadFiltersAreRefused()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("anq_in"), MongoServerFixture.NewDatabaseName("anq_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        foreach (var (collection, host) in new[] { (Network, "cumulus"), (Network, "EXOS-VM"), (Web, "dataform") })
        {
            await store.InsertHistoryAsync(collection, host, 100);
        }

        await using var cluster = await DaemonCluster.StartAsync(TwoSources(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);
        await cluster.WaitAllDetectingAsync(ConsoleScenario.Wait);
        await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(1), LogStore.Foreign(2));
        await lad.InsertAndDrainAsync(Network, "EXOS-VM", LogStore.Foreign(3));
        await lad.InsertAndDrainAsync(Web, "dataform", LogStore.Foreign(4));

        async Task<string[]> Hosts(string? source, string? host, string? since, int limit)
        {
            var (code, output) = await lad.RunAsync("anomalies", (g, c) => AnomaliesCommand.RunAsync(g, source, host, since, limit, true, c.Console, c.Output));
            Assert.Equal(0, code);
            return System.Text.Json.JsonDocument.Parse(output.Text).RootElement.EnumerateArray()
                .Select(a => a.GetProperty("hostname").GetString()!).Order(StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(["EXOS-VM", "cumulus", "cumulus", "dataform"], await Hosts(null, null, null, 10)); // both target collections
        Assert.Equal(["EXOS-VM", "cumulus", "cumulus"], await Hosts(Network, null, null, 10));
        Assert.Equal(["cumulus", "cumulus"], await Hosts(null, "cumulus", "1h", 10));
        Assert.Empty(await Hosts(null, null, "2999-01-01T00:00:00Z", 10));
        Assert.Equal(2, (await Hosts(null, null, null, 2)).Length);

        var (table, tableOut) = await lad.RunAsync("anomalies", (g, c) => AnomaliesCommand.RunAsync(g, Web, null, null, 10, false, c.Console, c.Output));
        Assert.Equal(0, table);
        Assert.Contains("1 anomaly", tableOut.Text);
        Assert.Contains($"{Web}/dataform", tableOut.Text);
        // Score and threshold as a person compares them: three decimals at most, not the double's seventeen digits.
        var threshold = (await lad.AnomaliesJsonAsync(Web)).Single().GetProperty("threshold").GetDouble();
        Assert.Matches($@"\b\d+(\.\d{{1,3}})? > {System.Text.RegularExpressions.Regex.Escape(threshold.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))}\b", tableOut.Text);

        foreach (var (source, since, limit, reason) in new[]
                 {
                     ("nowhere", (string?)null, 10, "source: 'nowhere' is not a registered source"),
                     (null, "yesterday", 10, "--since: 'yesterday' is neither an age"),
                     (null, null, 0, "limit: must be at least 1"),
                 })
        {
            var (code, output) = await lad.RunAsync("anomalies", (g, c) => AnomaliesCommand.RunAsync(g, source, null, since, limit, true, c.Console, c.Output));
            Assert.Equal(1, code);
            Assert.Contains(reason, output.Error.ToString());
        }
    }
}
