using Lad.Client.Commands;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Abstractions.Sources;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Security;

/// <summary>The silo's grain call filter on a cluster with AUTH_TOKENS_FILE: every console command without a token,
/// with too low a role and with the right one; the silo's own calls (starter, grain to grain) pass without any.</summary>
public class ConsoleAuthTests(MongoServerFixture server)
{
    [Fact]
    public async Task EveryCommandNeedsATokenOfItsRoleWhileTheSilosOwnCallsNeedNone()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("auth_in"), MongoServerFixture.NewDatabaseName("auth_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        await store.InsertHistoryAsync(Web, "dataform", 100);
        var tokens = TestTokens.WriteFile();
        try
        {
            await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb) + $"\nAUTH_TOKENS_FILE: \"{tokens}\"\n");
            var lad = new ConsoleScenario(cluster, store);

            // The starter's calls and the detector's own are the silo's: the host trains with no token anywhere.
            var silo = cluster.SiloServices.GetRequiredService<IGrainFactory>();
            await Eventually.WaitAsync(
                () => silo.GetGrain<IHostDetectorGrain>(new HostKey(Network, "cumulus").ToGrainKey()).GetStatusAsync(),
                s => s.Phase == DetectorPhase.Detecting, ConsoleScenario.Wait, s => $"{s.Phase} {s.Reason}");
            await As(TestTokens.Admin, () => lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(11)));
            var anomalyId = (await As(TestTokens.Reader, () => lad.AnomaliesJsonAsync())).Single().GetProperty("id").GetString()!;
            var example = await silo.GetGrain<IFeedbackGrain>(0).SubmitAsync(
                new FeedbackRequest(null, LogStore.Foreign(3), Network, "cumulus", FeedbackVerdict.TruePositive, FeedbackScope.Line, "me", null));

            var commands = new (string Name, LadRole Needs, Func<IGrainFactory, CapturedConsole, Task<int>> Run)[]
            {
                ("sources list", LadRole.Read, (g, c) => SourcesCommand.ListAsync(g, false, c.Console, c.Output)),
                ("hosts", LadRole.Read, (g, c) => HostsCommand.RunAsync(g, false, c.Console, c.Output)),
                ("anomalies", LadRole.Read, (g, c) => AnomaliesCommand.RunAsync(g, null, null, null, 10, false, c.Console, c.Output)),
                ("feedback list", LadRole.Read, (g, c) => FeedbackCommand.ListAsync(g, null, null, 10, false, c.Console, c.Output)),
                ("feedback", LadRole.Feedback, (g, c) => FeedbackCommand.SubmitAsync(g, anomalyId, false, true, "line", null, null, null, "me", null, c.Console)),
                ("feedback undo", LadRole.Feedback, (g, c) => FeedbackCommand.UndoAsync(g, example.Id, c.Console)),
                ("retrain", LadRole.Admin, (g, c) => RetrainCommand.RunAsync(g, Network, "cumulus", c.Console)),
                ("sources add", LadRole.Admin, (g, c) => SourcesCommand.AddAsync(g, Web, ["dataform"], WebTarget, null, c.Console)),
                ("sources remove", LadRole.Admin, (g, c) => SourcesCommand.RemoveAsync(g, Web, [], c.Console)),
            };
            foreach (var (name, needs, run) in commands)
            {
                var (code, output) = await As(null, () => lad.RunAsync(name, run));
                Assert.Equal((1, $"lad {name}: auth: no token; give --token, LAD_TOKEN or --token-file (AUTH_TOKENS_FILE is set on the silo)"), (code, output.Error.ToString().Trim()));
                (code, output) = await As("not-a-token-0123456789", () => lad.RunAsync(name, run));
                Assert.Equal((1, $"lad {name}: auth: unknown token"), (code, output.Error.ToString().Trim()));
                if (needs > LadRole.Read)
                {
                    var (low, lowName) = needs == LadRole.Admin ? (TestTokens.Feedback, "oncall") : (TestTokens.Reader, "grafana");
                    (code, output) = await As(low, () => lad.RunAsync(name, run));
                    Assert.Equal(1, code);
                    Assert.Equal(
                        $"lad {name}: auth: token '{lowName}' has role {(needs == LadRole.Admin ? "feedback" : "read")}; this needs {needs.ToString().ToLowerInvariant()}",
                        output.Error.ToString().Trim());
                }

                var right = needs switch { LadRole.Read => TestTokens.Reader, LadRole.Feedback => TestTokens.Feedback, _ => TestTokens.Admin };
                (code, output) = await As(right, () => lad.RunAsync(name, run));
                Assert.True(code == 0, $"lad {name} with its role: {output.Error}");
            }

            // A client cannot pass itself off as a silo, nor name itself in the audit trail.
            RequestContext.Set("lad-silo-proof", Convert.ToBase64String(new byte[32]));
            RequestContext.Set("lad-client", "ops");
            var refused = await Assert.ThrowsAsync<LadRequestException>(() => SourceRegistry.Get(cluster.Grains).ListAsync());
            Assert.StartsWith("auth: no token", refused.Message);
            var stored = await As(TestTokens.Feedback, () => cluster.Grains.GetGrain<IFeedbackGrain>(0).SubmitAsync(
                new FeedbackRequest(anomalyId, null, null, null, FeedbackVerdict.FalsePositive, FeedbackScope.Line, "me", null, By: "ops", From: "10.0.0.1")));
            RequestContext.Clear();
            Assert.Equal(("oncall", "console"), (stored.By, stored.From));

            // The false positive reached the detector (grain to grain, no token): the line is no longer reported.
            await As(TestTokens.Admin, () => lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(11)));
            Assert.Single(await As(TestTokens.Reader, () => lad.AnomaliesJsonAsync()));
        }
        finally
        {
            File.Delete(tokens);
        }
    }

    // The token a client call carries, scoped to the call: request context changes made in an async method stay in it.
    private static async Task<T> As<T>(string? token, Func<Task<T>> call)
    {
        if (token is null)
        {
            RequestContext.Remove(CallerToken.RequestContextKey);
        }
        else
        {
            RequestContext.Set(CallerToken.RequestContextKey, token);
        }

        return await call();
    }
}
