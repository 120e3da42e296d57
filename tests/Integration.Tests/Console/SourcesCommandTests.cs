using System.Text.Json;
using Lad.Client.Commands;
using Lad.Grains.Abstractions.Detection;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

public class SourcesCommandTests(MongoServerFixture server)
{
    [Fact]
    public async Task AddedAndRemovedSourcesStartAndStopDetectorsAndOutliveARestartOverTheYaml()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("src_in"), MongoServerFixture.NewDatabaseName("src_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        await store.InsertHistoryAsync(Web, "dataform", 100);
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb);

        await using (var first = await DaemonCluster.StartAsync(yaml))
        {
            var lad = new ConsoleScenario(first, store);
            await lad.WaitDetectingAsync(Network, "cumulus");

            var (added, addOut) = await lad.RunAsync("sources add", (g, c) => SourcesCommand.AddAsync(g, Web, ["dataform"], WebTarget, null, c.Console));
            Assert.Equal(0, added);
            Assert.Contains($"source {Web} -> {WebTarget}: hosts dataform", addOut.Text);
            await lad.WaitDetectingAsync(Web, "dataform"); // adding a host trains it, then it detects

            var (removed, removeOut) = await lad.RunAsync("sources remove", (g, c) => SourcesCommand.RemoveAsync(g, Network, [], c.Console));
            Assert.Equal(0, removed);
            Assert.Contains($"source {Network} removed", removeOut.Text);
            Assert.Equal(DetectorPhase.Idle, (await first.Host(Network, "cumulus").GetStatusAsync()).Phase);
        }

        // Same YAML (which lists only network_logs/cumulus): the stored set wins.
        await using var second = await DaemonCluster.StartAsync(yaml);
        var again = new ConsoleScenario(second, store);
        var (listed, listOut) = await again.RunAsync("sources list", (g, c) => SourcesCommand.ListAsync(g, false, c.Console, c.Output));
        Assert.Equal(0, listed);
        Assert.Contains("1 source(s), 1 host(s)", listOut.Text);
        Assert.Contains(WebTarget, listOut.Text);
        Assert.DoesNotContain(NetworkTarget, listOut.Text);
        var dataform = await again.WaitDetectingAsync(Web, "dataform");
        Assert.Equal(1, dataform.Trainings); // its stored model was reused
        Assert.NotNull(dataform.AlarmsPer10k); // and with it the alarm rate its threshold gave on held-out history
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(DetectorPhase.Idle, (await second.Host(Network, "cumulus").GetStatusAsync()).Phase);

        var (hostsCode, hostsOut) = await again.RunAsync("hosts", (g, c) => HostsCommand.RunAsync(g, false, c.Console, c.Output));
        Assert.Equal(0, hostsCode);
        Assert.Contains($"{Web}/dataform", hostsOut.Text);
        Assert.Contains("detecting", hostsOut.Text);
        Assert.Contains("Alarms/10k", hostsOut.Text);
        Assert.Contains("Sessions", hostsOut.Text);
        Assert.DoesNotContain("cumulus", hostsOut.Text);

        var (listJsonCode, listJson) = await again.RunAsync("sources list", (g, c) => SourcesCommand.ListAsync(g, true, c.Console, c.Output));
        Assert.Equal(0, listJsonCode);
        var source = Assert.Single(JsonDocument.Parse(listJson.Text).RootElement.EnumerateArray());
        Assert.Equal(Web, source.GetProperty("collection").GetString());
        Assert.Equal(["dataform"], source.GetProperty("hostnames").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(WebTarget, source.GetProperty("target_collection").GetString());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("session_regex").ValueKind);

        var (hostsJsonCode, hostsJson) = await again.RunAsync("hosts", (g, c) => HostsCommand.RunAsync(g, true, c.Console, c.Output));
        Assert.Equal(0, hostsJsonCode);
        var host = Assert.Single(JsonDocument.Parse(hostsJson.Text).RootElement.EnumerateArray());
        Assert.Equal(Web, host.GetProperty("host").GetProperty("collection").GetString());
        Assert.Equal("dataform", host.GetProperty("host").GetProperty("hostname").GetString());
        Assert.Equal("detecting", host.GetProperty("phase").GetString());
        Assert.Equal(1, host.GetProperty("trainings").GetInt32());
        Assert.Equal(100, host.GetProperty("lines_trained_on").GetInt64());
        Assert.Equal(dataform.Threshold, host.GetProperty("threshold").GetDouble());
        Assert.Equal(dataform.AlarmsPer10k, host.GetProperty("alarms_per10k").GetDouble());
        // A source without SESSION_REGEX keys no sessions.
        Assert.Equal(JsonValueKind.Null, host.GetProperty("sessions_held").ValueKind);
    }

    [Fact]
    public async Task BadSourceRequestsAreRefusedNamingTheField()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("srcbad_in"), MongoServerFixture.NewDatabaseName("srcbad_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);

        var (code, output) = await lad.RunAsync("sources add", (g, c) => SourcesCommand.AddAsync(g, "new_logs", ["h1"], null, null, c.Console));
        Assert.Equal(1, code);
        Assert.Contains("lad sources add: target collection: source 'new_logs' is new", output.Error.ToString());

        (code, output) = await lad.RunAsync("sources add", (g, c) => SourcesCommand.AddAsync(g, Network, ["h2"], "elsewhere", null, c.Console));
        Assert.Equal(1, code);
        Assert.Contains($"already writes to '{NetworkTarget}'", output.Error.ToString());

        (code, output) = await lad.RunAsync("sources add", (g, c) => SourcesCommand.AddAsync(g, "new_logs", ["h1"], "new_anomaly", "blk_(\\d+", c.Console));
        Assert.Equal(1, code);
        Assert.Contains("lad sources add: session regex: not a valid regular expression", output.Error.ToString());

        (code, output) = await lad.RunAsync("sources add", (g, c) => SourcesCommand.AddAsync(g, Network, ["h2"], null, "req-\\d+", c.Console));
        Assert.Equal(1, code);
        Assert.Contains("keys sessions by nothing (one stream per host), not 'req-\\d+'", output.Error.ToString());

        (code, output) = await lad.RunAsync("sources remove", (g, c) => SourcesCommand.RemoveAsync(g, Network, ["nohost"], c.Console));
        Assert.Equal(1, code);
        Assert.Contains("has no host 'nohost'", output.Error.ToString());

        (code, output) = await lad.RunAsync("retrain", (g, c) => RetrainCommand.RunAsync(g, Network, "nohost", c.Console));
        Assert.Equal(1, code);
        Assert.Contains($"{Network}/nohost is not a registered host", output.Error.ToString());

        // A host added without any logs is listed as failed, with the reason.
        (code, _) = await lad.RunAsync("sources add", (g, c) => SourcesCommand.AddAsync(g, "empty_logs", ["ghost"], "empty_anomaly", null, c.Console));
        Assert.Equal(0, code);
        var failed = await Eventually.WaitAsync(
            async () => (await lad.RunAsync("hosts", (g, c) => HostsCommand.RunAsync(g, false, c.Console, c.Output))).Out.Text,
            text => text.Contains("failed: training failed (no usable documents for host 'ghost'", StringComparison.Ordinal),
            ConsoleScenario.Wait,
            text => text);
        Assert.Contains("empty_logs/ghost", failed);
    }
}
