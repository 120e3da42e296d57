using System.Globalization;
using System.Text.Json;
using Lad.Client.Commands;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

/// <summary>Value-scope feedback end to end: through <c>lad feedback</c> on a daemon over MongoDB.</summary>
public class ValueFeedbackTests(MongoServerFixture server)
{
    private const int History = 600;
    private const string Normal = "987654321";
    private const string Absurd = "123456789";

    /// <summary>
    /// A switch's log: routine lines, and every 25th line a failing health check whose duration stays within 100–900 ms.
    /// Lines go on in that order after the history, so a check is always preceded and followed as in training.
    /// </summary>
    private sealed class SwitchLog
    {
        private readonly Random _random = new(7);

        public int Next { get; private set; }

        public string Line(int i, string? millis = null) => (i % 25) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture,
                $"health check of backend {1 + (i % 8)} failed after {millis ?? _random.Next(100, 900).ToString(CultureInfo.InvariantCulture)} ms state={(i % 2 == 0 ? "degraded" : "stalled")}"),
            _ => (i % 3) switch
            {
                0 => $"Interface swp{i % 48} link up speed 10000",
                1 => $"BGP neighbor 10.0.0.{i % 50} session established",
                _ => $"LLDP neighbor on swp{i % 48} refreshed",
            },
        };

        public List<string> Take(int count) => Enumerable.Range(0, count).Select(_ => Line(Next++)).ToList();

        /// <summary>The routine lines up to the next health check, then that check taking <paramref name="millis"/> ms.</summary>
        public string[] UpToCheck(string millis)
        {
            var lines = new List<string>();
            while (Next % 25 != 0)
            {
                lines.Add(Line(Next++));
            }

            lines.Add(Line(Next++, millis));
            return [.. lines];
        }
    }

    [Fact]
    public async Task AValueMadeNormalIsNoEvidenceAtOnceAndAfterARetrainAnotherAbsurdValueStillIsAndUndoRestoresIt()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("fbval_in"), MongoServerFixture.NewDatabaseName("fbval_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        var log = new SwitchLog();
        var writtenAt = DateTime.UtcNow.AddMinutes(-1);
        await store.InsertAsync(Network, log.Take(History).Select(m =>
        {
            var document = LogStore.Document("cumulus", m);
            document["_id"] = ObjectId.GenerateNewId(writtenAt);
            return document;
        }));
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);
        await lad.WaitDetectingAsync(Network, "cumulus");

        async Task<int> FlaggedWith(string millis)
        {
            await lad.InsertAndDrainAsync(Network, "cumulus", log.UpToCheck(millis));
            return (await lad.AnomaliesJsonAsync(Network, "cumulus"))
                .Count(a => a.GetProperty("message").GetString()!.Contains($" {millis} ms ", StringComparison.Ordinal));
        }

        // The value anomaly: an unseen, absurd duration on a line otherwise normal but for its error word.
        Assert.Equal(1, await FlaggedWith(Normal));
        var anomaly = (await lad.AnomaliesJsonAsync(Network, "cumulus")).Single();
        var reasons = anomaly.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith($"value {Normal} ms at parameter 2 of this template is far above its history", StringComparison.Ordinal));

        var (code, output) = await lad.RunAsync("feedback", (g, c) => FeedbackCommand.SubmitAsync(
            g, anomaly.GetProperty("id").GetString(), true, false, "value", null, null, null, "alice", "batch job", c.Console));
        Assert.Equal(0, code);
        Assert.Contains($"value '{Normal} ms' at parameter 2 of template 'health check of backend <*> failed after <*> state=<*>' is no longer evidence", output.Text);

        // At once: the same value there is normal; another absurd value there is still flagged.
        Assert.Equal(1, await FlaggedWith(Normal));
        Assert.Equal(1, await FlaggedWith(Absurd));

        var (listed, list) = await lad.RunAsync("feedback list", (g, c) => FeedbackCommand.ListAsync(g, Network, "cumulus", 10, true, c.Console, c.Output));
        Assert.Equal(0, listed);
        var record = JsonDocument.Parse(list.Text).RootElement.EnumerateArray().Single();
        Assert.Equal(("value", 2, $"{Normal} ms"), (record.GetProperty("scope").GetString(), record.GetProperty("parameter").GetInt32(), record.GetProperty("value").GetString()));
        Assert.Equal("alice", record.GetProperty("user").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("by").GetString()));

        // Undo: the value is evidence again from the next line on.
        (code, output) = await lad.RunAsync("feedback undo", (g, c) => FeedbackCommand.UndoAsync(g, record.GetProperty("id").GetString()!, c.Console));
        Assert.Equal(0, code);
        Assert.Contains($"value '{Normal} ms' at parameter 2", output.Text);
        Assert.Contains("is evidence again", output.Text);
        Assert.Equal(2, await FlaggedWith(Normal));

        // Given again (naming the parameter), a retrain does not train on its line: a line or template false positive adds
        // its line to the history, this one would widen the parameter's range up to the value. (The retrained model holds
        // the flagged lines themselves as history, as every retrain does, so the value is no longer unseen there anyway.)
        var again = (await lad.AnomaliesJsonAsync(Network, "cumulus")).First(a => a.GetProperty("message").GetString()!.Contains(Normal, StringComparison.Ordinal));
        (code, _) = await lad.RunAsync("feedback", (g, c) => FeedbackCommand.SubmitAsync(
            g, again.GetProperty("id").GetString(), true, false, "value", null, null, null, "alice", null, c.Console, parameter: 2));
        Assert.Equal(0, code);
        Assert.Equal(2, await FlaggedWith(Normal));
        var before = await cluster.Host(Network, "cumulus").GetStatusAsync();
        Assert.Equal(History, before.LinesTrainedOn);
        Assert.Equal(0, (await lad.RunAsync("retrain", (g, c) => RetrainCommand.RunAsync(g, Network, "cumulus", c.Console))).Code);
        var after = await Eventually.WaitAsync(
            () => cluster.Host(Network, "cumulus").GetStatusAsync(), s => s.ModelVersion > before.ModelVersion, ConsoleScenario.Wait, s => $"version {s.ModelVersion}");
        Assert.Equal(log.Next, after.LinesTrainedOn); // every line written, and no feedback line
        Assert.Equal(2, await FlaggedWith(Normal));
    }
}
