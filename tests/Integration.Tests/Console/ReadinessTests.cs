using System.Collections.Concurrent;
using System.Net;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Detection;
using Lad.Grains.Mongo;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Metrics;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

/// <summary>A real lad-silo whose MongoDB is cut off and restored: readiness, per-host state and the log tell the truth.</summary>
public class ReadinessTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ReadyzFailsNamingMongoDbWhileItIsCutOffAndTheHostShowsAsFailedUntilItIsBack()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("ready_in"), MongoServerFixture.NewDatabaseName("ready_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        var viaForwarder = $"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=2000";
        var (siloPort, gatewayPort, httpPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var config = Path.Combine(Path.GetTempPath(), $"lad-ready-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            config,
            OneHost(viaForwarder, inputDb, targetDb) + $"\nSILO_PORT: {siloPort}\nGATEWAY_PORT: {gatewayPort}\nHTTP_PORT: {httpPort}\n",
            TestContext.Current.CancellationToken);
        var log = new ConcurrentQueue<string>();
        using var silo = SiloProcess.Start(config, lines: log.Enqueue);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            await Eventually.WaitAsync(() => SiloProcess.IsReadyAsync(http), ready => ready, Wait, _ => "lad-silo /readyz not 200");
            await Eventually.WaitAsync(() => StateAsync(http, "detecting"), v => v == 1, Wait, v => $"detecting gauge {v}");

            await forwarder.CutAsync();
            var unready = await Eventually.WaitAsync(() => ReadyzAsync(http), r => r.Status == HttpStatusCode.ServiceUnavailable, Wait, r => $"{r.Status} {r.Body}");
            Assert.StartsWith($"MongoDB at 127.0.0.1:{forwarder.Port} unreachable (", unready.Body, StringComparison.Ordinal);
            Assert.Equal("ok", await http.GetStringAsync("/healthz", TestContext.Current.CancellationToken)); // alive all the same
            await Eventually.WaitAsync(() => StateAsync(http, "failed"), v => v == 1, Wait, v => $"failed gauge {v}");
            // The console logger writes from its own queue, so the line may trail the metrics.
            await Eventually.WaitAsync(
                () => Task.FromResult(log.Any(line => line.Contains($"MongoDB at 127.0.0.1:{forwarder.Port} unreachable", StringComparison.Ordinal))),
                seen => seen,
                Wait,
                _ => "no log line names MongoDB at its host:port as unreachable:\n" + string.Join("\n", log.Where(l => l.Contains("MongoDB", StringComparison.Ordinal)).Take(20)));

            forwarder.Restore();
            await Eventually.WaitAsync(() => ReadyzAsync(http), r => r.Status == HttpStatusCode.OK, Wait, r => $"{r.Status} {r.Body}");
            await Eventually.WaitAsync(() => StateAsync(http, "detecting"), v => v == 1, Wait, v => $"detecting gauge {v}");
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync(CancellationToken.None);
            File.Delete(config);
        }
    }

    [Fact]
    public async Task ReadinessWaitsForTheDetectorsToStartAndSaysWhyTheyDidNot()
    {
        var yaml = OneHost(server.ConnectionString, MongoServerFixture.NewDatabaseName("ready_unit_in"), MongoServerFixture.NewDatabaseName("ready_unit_out"));
        using var clients = new MongoClients();
        var services = new DetectorServices(LadConfigLoader.Load(yaml, new Dictionary<string, string>()), clients);
        var readiness = new DaemonReadiness(services, TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("host detectors not started yet", await readiness.ProblemAsync(ct));
        readiness.DetectorsNotStarted("the source registry did not answer");
        Assert.Equal("host detectors not started: the source registry did not answer", await readiness.ProblemAsync(ct));
        readiness.DetectorsStarted();
        Assert.Null(await readiness.ProblemAsync(ct));
    }

    [Fact]
    public async Task AnUnreachableMongoDbIsNamedByHostAndPort()
    {
        var port = SiloProcess.FreePort();
        var yaml = OneHost($"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=500", "in", "out");
        using var clients = new MongoClients();
        var services = new DetectorServices(LadConfigLoader.Load(yaml, new Dictionary<string, string>()), clients);
        var readiness = new DaemonReadiness(services, TimeProvider.System);
        readiness.DetectorsStarted();

        var problem = await readiness.ProblemAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith($"MongoDB at 127.0.0.1:{port} unreachable (", problem, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadyzAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<double> StateAsync(HttpClient http, string state) =>
        Exposition.Value(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken), $"aiops_lad_host_state{{state=\"{state}\"}}", Network, "cumulus");
}
