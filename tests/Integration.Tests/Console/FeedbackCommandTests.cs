using System.Text.Json;
using Lad.Client.Commands;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

public class FeedbackCommandTests(MongoServerFixture server)
{
    private const int History = 120;

    [Fact]
    public async Task FalsePositivesStopRecurringAtTheirScopeSurviveARestartAndAreTrainedOn()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("fb_in"), MongoServerFixture.NewDatabaseName("fb_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", History);
        var yaml = OneHost(server.ConnectionString, inputDb, targetDb);
        var inserted = History;
        string id;

        await using (var first = await DaemonCluster.StartAsync(yaml))
        {
            var lad = new ConsoleScenario(first, store);
            await lad.WaitDetectingAsync(Network, "cumulus");
            inserted += (await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(1))).Count;
            var reported = Assert.Single(await lad.AnomaliesJsonAsync(Network, "cumulus"));
            Assert.Equal(LogStore.Foreign(1), reported.GetProperty("message").GetString());
            Assert.NotEmpty(reported.GetProperty("reasons").EnumerateArray());
            id = reported.GetProperty("id").GetString()!;

            // Line scope by anomaly id: the same line is not reported again, a sibling of its template still is.
            var (code, output) = await lad.RunAsync("feedback", (g, c) =>
                FeedbackCommand.SubmitAsync(g, id, true, false, "line", null, null, null, "alice", "known noise", c.Console));
            Assert.Equal(0, code);
            Assert.Contains($"false positive on {Network}/cumulus: line '{LogStore.Foreign(1)}' is no longer reported", output.Text);
            inserted += (await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(1), LogStore.Foreign(2))).Count;
            var messages = (await lad.AnomaliesJsonAsync(Network, "cumulus")).Select(a => a.GetProperty("message").GetString()).ToList();
            Assert.Equal([LogStore.Foreign(1), LogStore.Foreign(2)], messages.Order().ToList());

            // Template scope by message text: siblings of the template stop too.
            (code, output) = await lad.RunAsync("feedback", (g, c) =>
                FeedbackCommand.SubmitAsync(g, null, true, false, "template", LogStore.Foreign(2), Network, "cumulus", "bob", null, c.Console));
            Assert.Equal(0, code);
            Assert.Contains("template '", output.Text);
            inserted += (await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(3), LogStore.Foreign(4))).Count;
            Assert.Equal(2, (await lad.AnomaliesJsonAsync(Network, "cumulus")).Length);
        }

        // After a restart the suppressions are loaded from the feedback store.
        await using var second = await DaemonCluster.StartAsync(yaml);
        var again = new ConsoleScenario(second, store);
        await again.WaitDetectingAsync(Network, "cumulus");
        inserted += (await again.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(1), LogStore.Foreign(5))).Count;
        Assert.Equal(2, (await again.AnomaliesJsonAsync(Network, "cumulus")).Length);

        var (listed, list) = await again.RunAsync("feedback list", (g, c) => FeedbackCommand.ListAsync(g, Network, "cumulus", 10, true, c.Console, c.Output));
        Assert.Equal(0, listed);
        var records = JsonDocument.Parse(list.Text).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["bob", "alice"], records.Select(r => r.GetProperty("user").GetString()).ToArray()); // newest first
        Assert.Equal(["template", "line"], records.Select(r => r.GetProperty("scope").GetString()).ToArray());
        Assert.Equal("known noise", records[1].GetProperty("note").GetString());
        Assert.Equal(id, records[1].GetProperty("anomaly_id").GetString());
        Assert.True(records[0].GetProperty("anomaly_id").ValueKind == JsonValueKind.Null); // given by message text

        // A retraining reads the host's whole history plus one line per false positive.
        var before = await second.Host(Network, "cumulus").GetStatusAsync();
        var (retrained, _) = await again.RunAsync("retrain", (g, c) => RetrainCommand.RunAsync(g, Network, "cumulus", c.Console));
        Assert.Equal(0, retrained);
        var after = await Eventually.WaitAsync(
            () => second.Host(Network, "cumulus").GetStatusAsync(), s => s.ModelVersion > before.ModelVersion, ConsoleScenario.Wait, s => $"version {s.ModelVersion}");
        Assert.Equal(inserted + records.Length, after.LinesTrainedOn);
    }

    [Fact]
    public async Task TruePositivesAreKeptAndBadFeedbackIsRefusedNamingTheProblem()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("fbbad_in"), MongoServerFixture.NewDatabaseName("fbbad_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", History);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);
        await lad.WaitDetectingAsync(Network, "cumulus");
        await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(7));
        var id = (await lad.AnomaliesJsonAsync()).Single().GetProperty("id").GetString()!;

        async Task<string> Refused(string? anomalyId, bool fp, bool tp, string scope, string? message = null, string? host = null)
        {
            var (code, output) = await lad.RunAsync("feedback", (g, c) =>
                FeedbackCommand.SubmitAsync(g, anomalyId, fp, tp, scope, message, message is null ? null : Network, host, "carol", null, c.Console));
            Assert.Equal(1, code);
            return output.Error.ToString();
        }

        Assert.Contains($"no anomaly '{Network}:000000000000000000000000'", await Refused($"{Network}:000000000000000000000000", true, false, "line"));
        Assert.Contains("is not an anomaly id", await Refused("not-an-id", true, false, "line"));
        Assert.Contains("names source 'nowhere'", await Refused("nowhere:000000000000000000000000", true, false, "line"));
        Assert.Contains("exactly one of --false-positive and --true-positive", await Refused(id, true, true, "line"));
        Assert.Contains("exactly one of --false-positive and --true-positive", await Refused(id, false, false, "line"));
        Assert.Contains("--scope: 'session' is not one of line, template, value", await Refused(id, true, false, "session"));
        Assert.Contains("name the lines by one of: an anomaly id, --message (with --source and --host), or --incident", await Refused(null, true, false, "line"));
        Assert.Contains($"{Network}/ghost is not a registered host", await Refused(null, true, false, "line", "some line", "ghost"));

        var (code, output) = await lad.RunAsync("feedback", (g, c) =>
            FeedbackCommand.SubmitAsync(g, id, false, true, "line", null, null, null, "carol", "real outage", c.Console));
        Assert.Equal(0, code);
        Assert.Contains("true positive on network_logs/cumulus kept as a labelled example", output.Text);
        (code, output) = await lad.RunAsync("feedback list", (g, c) => FeedbackCommand.ListAsync(g, null, null, 10, false, c.Console, c.Output));
        Assert.Equal(0, code);
        Assert.Contains("true positive", output.Text);
        Assert.Contains("1 feedback record(s)", output.Text);

        // A true positive does not suppress: the same line is reported again (as a new document).
        await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(7));
        Assert.Equal(2, (await lad.AnomaliesJsonAsync()).Length);
    }
}
