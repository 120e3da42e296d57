using System.Diagnostics;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Detection;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Lad.Integration.Tests.Daemon;

/// <summary>
/// A silo with more hosts than it can start within one grain call's response timeout: each host is started by a call of
/// its own, so the start neither times out and starts over (nor blames MongoDB for it), nor keeps the source registry
/// from answering meanwhile; hosts added at run time are started by the silo after the registry has stored them.
/// </summary>
public class HostStartTests(MongoServerFixture server)
{
    private const int Hosts = 600;
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(3);
    // Each host's start reads MongoDB; a distant one makes the hosts' start, not any single host's, outlast the timeout.
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task HostsLongerToStartThanAGrainCallMayTakeStartWithoutAFailureWhileTheRegistryAnswers()
    {
        var direct = new MongoDB.Driver.MongoUrl(server.ConnectionString).Server;
        await using var distant = new TcpForwarder(direct.Host, direct.Port) { Latency = Latency };
        var uri = $"mongodb://127.0.0.1:{distant.Port}/?directConnection=true";
        var hostnames = string.Join(", ", Enumerable.Range(0, Hosts).Select(i => $"\"host{i}\""));
        var yaml = $"""
            MG_URI: "{uri}"
            MG_INPUT_DB: "{MongoServerFixture.NewDatabaseName("start_in")}"
            MG_TARGET_DB: "{MongoServerFixture.NewDatabaseName("start_out")}"
            POLL_INTERVAL: 60
            LOG_SOURCES:
              "{DaemonYaml.Network}":
                HOSTNAMES: [{hostnames}]
                MG_TARGET_COL: "{DaemonYaml.NetworkTarget}"
            """;
        var clock = Stopwatch.StartNew();
        await using var cluster = await DaemonCluster.StartAsync(
            yaml, storageConnection: uri, pollMilliseconds: 60_000, responseTimeoutMilliseconds: (int)ResponseTimeout.TotalMilliseconds);
        var readiness = cluster.SiloServices.GetRequiredService<DaemonReadiness>();
        var registry = SourceRegistry.Get(cluster.Grains);
        var problems = new List<string>();
        var ct = TestContext.Current.CancellationToken;
        while (await readiness.ProblemAsync(ct) is { } problem)
        {
            problems.Add(problem);
            Assert.True(clock.Elapsed < Wait, $"not ready after {Wait}: {problem}");
            // The registry answers within a call's timeout while the hosts start (one call starting them all held it).
            Assert.Equal(Hosts, (await registry.ListAsync().WaitAsync(ResponseTimeout, ct)).Single().Hostnames.Count);
            await Task.Delay(50, ct);
        }

        // What makes the test worth running: starting the hosts took several times one call's timeout.
        TestContext.Current.SendDiagnosticMessage($"{Hosts} hosts started {clock.Elapsed} after the silo began to");
        Assert.True(clock.Elapsed > 2 * ResponseTimeout, $"{Hosts} hosts started in {clock.Elapsed}: too few to outlast a grain call");
        Assert.Equal(["host detectors not started yet"], problems.Distinct());
    }

    [Fact]
    public async Task HostsAddedAtRunTimeByTheHundredAreStartedByTheSiloAfterTheRegistryAnswers()
    {
        var direct = new MongoDB.Driver.MongoUrl(server.ConnectionString).Server;
        await using var distant = new TcpForwarder(direct.Host, direct.Port) { Latency = Latency };
        // A pool of 10 through a distant MongoDB: each host's start takes its turn for a connection.
        var uri = $"mongodb://127.0.0.1:{distant.Port}/?directConnection=true&maxPoolSize=10";
        var yaml = $"""
            MG_URI: "{uri}"
            MG_INPUT_DB: "{MongoServerFixture.NewDatabaseName("add_in")}"
            MG_TARGET_DB: "{MongoServerFixture.NewDatabaseName("add_out")}"
            POLL_INTERVAL: 60
            LOG_SOURCES:
              "{DaemonYaml.Network}":
                HOSTNAMES: ["host0"]
                MG_TARGET_COL: "{DaemonYaml.NetworkTarget}"
            """;
        await using var cluster = await DaemonCluster.StartAsync(
            yaml, storageConnection: uri, pollMilliseconds: 60_000, responseTimeoutMilliseconds: (int)ResponseTimeout.TotalMilliseconds);
        var ct = TestContext.Current.CancellationToken;
        var readiness = cluster.SiloServices.GetRequiredService<DaemonReadiness>();
        await Eventually.WaitAsync(() => readiness.ProblemAsync(ct), problem => problem is null, Wait, problem => problem ?? "");
        var registry = SourceRegistry.Get(cluster.Grains);
        var added = Enumerable.Range(1, 400).Select(i => $"host{i}").ToList();

        // Starting 400 hosts in the registry's call took longer than a call may (the test's 3 s).
        var source = await registry.AddAsync(DaemonYaml.Network, added, null).WaitAsync(ResponseTimeout, ct);
        Assert.Equal(401, source.Hostnames.Count);
        await Eventually.WaitAsync(
            () => PhasesAsync(cluster, added), phases => phases.All(p => p != DetectorPhase.Idle), Wait,
            phases => $"{phases.Count(p => p == DetectorPhase.Idle)} of {added.Count} added hosts not started");

        // Removed hosts stay stopped through the starter's passes (another add makes one), and one added again starts.
        var removed = added.Take(50).ToList();
        await registry.RemoveAsync(DaemonYaml.Network, removed).WaitAsync(ResponseTimeout, ct);
        await registry.AddAsync(DaemonYaml.Network, ["host401", removed[0]], null).WaitAsync(ResponseTimeout, ct);
        await Eventually.WaitAsync(
            () => PhasesAsync(cluster, ["host401", removed[0]]), phases => phases.All(p => p != DetectorPhase.Idle), Wait,
            phases => string.Join(", ", phases));
        Assert.All(await PhasesAsync(cluster, removed.Skip(1).ToList()), phase => Assert.Equal(DetectorPhase.Idle, phase));

        // A start that reaches a host after its removal was stored (a starter's pass racing `lad sources remove`) is refused.
        await cluster.Host(DaemonYaml.Network, removed[1]).StartAsync().WaitAsync(ResponseTimeout, ct);
        Assert.Equal([DetectorPhase.Idle], await PhasesAsync(cluster, [removed[1]]));
    }

    [Fact]
    public async Task AHostRegisteredWithoutBeingStartedIsStartedByTheNextPass()
    {
        var yaml = DaemonYaml.OneHost(server.ConnectionString, MongoServerFixture.NewDatabaseName("pass_in"), MongoServerFixture.NewDatabaseName("pass_out"));
        await using var cluster = await DaemonCluster.StartAsync(yaml);
        var ct = TestContext.Current.CancellationToken;
        var readiness = cluster.SiloServices.GetRequiredService<DaemonReadiness>();
        await Eventually.WaitAsync(() => readiness.ProblemAsync(ct), problem => problem is null, Wait, problem => problem ?? "");

        // Stored as a registry on a silo that died right after storing it would leave it: registered, never started.
        var store = cluster.SiloServices.GetRequiredService<DetectorServices>().SourceStore;
        var source = Assert.Single(await store.ListAsync((_, _) => { }, ct));
        await store.SaveAsync(source with { Hostnames = [.. source.Hostnames, "late"] }, ct);

        // The starter's pass (every second in these tests, every 2 minutes by default) starts it.
        await Eventually.WaitAsync(
            () => PhasesAsync(cluster, ["late"]), phases => phases.Single() != DetectorPhase.Idle, Wait, phases => $"{phases.Single()}");

        // A whole source removed is not revived by a start coming after (the YAML still lists its first host).
        await SourceRegistry.Get(cluster.Grains).RemoveAsync(DaemonYaml.Network, []).WaitAsync(ct);
        await cluster.Host(DaemonYaml.Network, "cumulus").StartAsync().WaitAsync(ct);
        Assert.Equal([DetectorPhase.Idle, DetectorPhase.Idle], await PhasesAsync(cluster, ["cumulus", "late"]));
    }

    private static async Task<List<DetectorPhase>> PhasesAsync(DaemonCluster cluster, IReadOnlyList<string> hostnames)
    {
        var phases = new List<DetectorPhase>(hostnames.Count);
        foreach (var chunk in hostnames.Chunk(HostDetectorStarter.StartsAtOnce))
        {
            phases.AddRange((await Task.WhenAll(chunk.Select(h => cluster.Host(DaemonYaml.Network, h).GetStatusAsync()))).Select(s => s.Phase));
        }

        return phases;
    }
}
