using System.CommandLine;
using Lad.Client.Commands;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

/// <summary>The real <c>lad-silo</c> process (ports from its YAML, HTTP on) driven by the real <c>lad</c> command line.</summary>
public class RealSiloTests(MongoServerFixture server)
{
    [Fact]
    public async Task LadFindsTheSiloThroughItsConfigAndSaysSoWhenNoSiloAnswers()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("real_in"), MongoServerFixture.NewDatabaseName("real_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var (siloPort, gatewayPort, httpPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var config = Path.Combine(Path.GetTempPath(), $"lad-real-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            config,
            OneHost(server.ConnectionString, inputDb, targetDb) + $"\nSILO_PORT: {siloPort}\nGATEWAY_PORT: {gatewayPort}\nHTTP_PORT: {httpPort}\n",
            TestContext.Current.CancellationToken);
        using var silo = SiloProcess.Start(config);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            await Eventually.WaitAsync(() => SiloProcess.IsReadyAsync(http), ready => ready, TimeSpan.FromSeconds(120), _ => "lad-silo /readyz not 200");
            Assert.Equal("ok", await http.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
            // The silo serves the description of its own API.
            Assert.Contains("\"/api/incidents/{id}/ack\"", await http.GetStringAsync(Lad.Silo.Web.LadOpenApi.Path, TestContext.Current.CancellationToken));

            var (code, output) = await LadAsync("hosts", "--config", config);
            Assert.Equal(0, code);
            Assert.Contains($"{Network}/cumulus", output);

            var freePort = SiloProcess.FreePort();
            var (unreachable, printed, error) = await LadCommandLine.RunSeparatelyAsync(
                new RootCommand { HostsCommand.Create() }, "hosts", "--gateway", $"127.0.0.1:{freePort}");
            Assert.Equal(2, unreachable);
            Assert.Equal("", printed);
            Assert.StartsWith($"lad hosts: no LAD silo answered at 127.0.0.1:{freePort} (127.0.0.1:{freePort}: Connection refused); is lad-silo running?", error);

            (code, output) = await LadAsync("hosts", "--config", config + ".missing");
            Assert.Equal(2, code);
            Assert.Contains("cannot read the file", output);

            (code, output) = await LadAsync("hosts", "--gateway", "nonsense");
            Assert.Equal(2, code);
            Assert.Contains("--gateway: 'nonsense' is not host:port", output);
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync(CancellationToken.None);
            File.Delete(config);
        }
    }

    [Fact]
    public async Task LadReachesAClusterWithOtherIdsOnlyThroughItsConfig()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("ids_in"), MongoServerFixture.NewDatabaseName("ids_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var (siloPort, gatewayPort, httpPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var config = Path.Combine(Path.GetTempPath(), $"lad-ids-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            config,
            OneHost(server.ConnectionString, inputDb, targetDb)
                + $"\nSILO_PORT: {siloPort}\nGATEWAY_PORT: {gatewayPort}\nHTTP_PORT: {httpPort}\nCLUSTER_ID: east\nSERVICE_ID: logs\n",
            TestContext.Current.CancellationToken);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var silo = SiloProcess.Start(config, lines: log.Enqueue);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            await Eventually.WaitAsync(
                () => SiloProcess.IsReadyAsync(http), ready => ready, TimeSpan.FromSeconds(120),
                _ => $"lad-silo /readyz not 200; its log ends:\n{string.Join('\n', log.TakeLast(30))}");

            var (code, output) = await LadAsync("hosts", "--config", config);
            Assert.Equal(0, code);
            Assert.Contains($"{Network}/cumulus", output);

            (code, output) = await LadAsync("hosts", "--gateway", $"127.0.0.1:{gatewayPort}");
            Assert.Equal(2, code);
            // The cause Orleans logs first is a race: its id check ("Unexpected cluster id") or the silo closing the socket.
            Assert.StartsWith($"lad hosts: 127.0.0.1:{gatewayPort} answered but did not let lad in (", output);
            Assert.Contains("lad named cluster 'lad' and service 'lad': --config FILE (or LAD_CLUSTER_ID and LAD_SERVICE_ID) names the silos' CLUSTER_ID and SERVICE_ID", output);
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync(CancellationToken.None);
            File.Delete(config);
        }
    }

    private static Task<(int Code, string Output)> LadAsync(params string[] args) =>
        LadCommandLine.RunAsync(new RootCommand { HostsCommand.Create() }, args);
}
