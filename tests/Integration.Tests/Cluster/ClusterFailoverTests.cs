using System.Diagnostics;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Metrics;
using Lad.Grains.Placement;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Metrics;
using Lad.Silo.Web;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.TestingHost;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Cluster;

/// <summary>The daemon on a MongoDB-clustered, multi-silo cluster: each host lives on the silo that owns it, survives a
/// silo's death through its keep-alive reminder, resumes from its stored checkpoint, and moves to a silo that joins
/// later when that silo owns it.</summary>
public class ClusterFailoverTests(MongoServerFixture server, ITestOutputHelper output)
{
    private const int HostCount = 10;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task HostsResumeOnSurvivorsAndJoinersWithNoAnomalyLostOrDuplicated()
    {
        _ = server.Client; // skips when no MongoDB is available
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("fo_in"), MongoServerFixture.NewDatabaseName("fo_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        var hosts = Enumerable.Range(0, HostCount).Select(i => new HostKey(Network, $"node-{i}")).ToList();
        foreach (var host in hosts)
        {
            await store.InsertAsync(Network, Enumerable.Range(0, 120).Select(i => LogStore.Document(host.Hostname, LogStore.Normal("cumulus", i))));
        }

        var clock = Stopwatch.StartNew();
        var cluster = await MongoDaemonCluster.StartAsync(Yaml(server.ConnectionString, inputDb, targetDb), 2);
        try
        {
            // Hosts added at run time (`lad sources add`) once both silos are up are placed over both; the hosts of
            // LOG_SOURCES are started by whichever silo comes up first, before the others have joined.
            await cluster.Client.GetGrain<ISourceRegistryGrain>(0).AddAsync(Network, [.. hosts.Select(h => h.Hostname)], NetworkTarget);
            await WaitAsync(cluster, hosts, s => s.Phase == DetectorPhase.Detecting, "every host trained and detecting");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all {HostCount} hosts detecting on 2 silos");
            var placement = await WaitOwnedAsync(cluster, hosts, "hosts placed on their owners");

            // Phase 1 on the full cluster.
            var anomalies = new HashSet<ObjectId>();
            await InsertPhaseAsync(store, hosts, normal: 20, anomalies);
            await WaitScoredAsync(cluster, hosts, store, 21, anomalies.Count, "phase 1 scored on two silos");

            // Kill the second silo; lines arrive while its hosts are down. Only their reminders restart them on the survivor.
            var victim = cluster.Silos[1];
            var orphans = placement.Where(p => p.Value == victim.SiloAddress.ToString()).Select(p => p.Key).ToList();
            await cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
            clock.Restart();
            await InsertPhaseAsync(store, hosts, normal: 20, anomalies);
            await WaitScoredAsync(cluster, hosts, store, 42, anomalies.Count, $"phase 2 scored after {orphans.Count} hosts lost their silo");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the killed silo's {orphans.Count} hosts detected phase 2 on the survivor");
            var survivor = cluster.Silos[0].SiloAddress.ToString();
            Assert.All(await MongoDaemonCluster.PlacementAsync(cluster, hosts), p => Assert.Equal(survivor, p.Value));

            // A silo joins: the hosts it owns move onto it (within a poll interval of its joining) and keep detecting there.
            var joiner = await cluster.StartAdditionalSiloAsync();
            clock.Restart();
            var moved = await WaitOwnedAsync(cluster, hosts, $"hosts owned by the joined silo {joiner.SiloAddress} moved there");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {moved.Values.Count(v => v == joiner.SiloAddress.ToString())} host(s) moved to the joined silo, as owned");

            // The silo a host left keeps counting what it scored there but no longer reports the host's state: only
            // the joined silo says it is detecting.
            var left = moved.Where(m => m.Value == joiner.SiloAddress.ToString()).Select(m => m.Key).ToList();
            Assert.NotEmpty(left);
            var firstSilo = Exposition.Samples(PrometheusText.Write(
                ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredService<LadMetrics>()));
            Assert.All(left, host =>
            {
                Assert.DoesNotContain(firstSilo.Keys, k => k.Host == host.Hostname && k.Name.StartsWith("aiops_lad_host_state", StringComparison.Ordinal));
                Assert.True(firstSilo[("aiops_lad_loglines_count", Network, host.Hostname)] > 0);
            });
            await InsertPhaseAsync(store, hosts, normal: 10, anomalies);
            await WaitScoredAsync(cluster, hosts, store, 53, anomalies.Count, "phase 3 scored after the join");

            // The first silo dies and the newcomer takes every host.
            await cluster.KillSiloAsync(cluster.Silos[0], TestContext.Current.CancellationToken);
            clock.Restart();
            await InsertPhaseAsync(store, hosts, normal: 10, anomalies);
            await WaitScoredAsync(cluster, hosts, store, 64, anomalies.Count, "phase 4 scored on the silo that joined");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the joined silo detected phase 4 for all hosts");
            Assert.All(await MongoDaemonCluster.PlacementAsync(cluster, hosts), p => Assert.Equal(joiner.SiloAddress.ToString(), p.Value));

            // Every anomaly exactly once; every line scored exactly once (the counters move with each checkpoint).
            var written = await store.AnomaliesAsync(NetworkTarget);
            Assert.Equal(anomalies.Count, written.Count);
            Assert.Equal(anomalies.Select(id => $"{Network}:{id}").Order(StringComparer.Ordinal),
                written.Select(d => d["_id"].AsString).Order(StringComparer.Ordinal));
            Assert.All(await StatusesAsync(cluster, hosts), s => Assert.Equal((64L, 4L), (s.LinesScored, s.Anomalies)));

            // A host removed by a user stops for good: its keep-alive reminder is gone, the others' remain.
            var removed = hosts[^1];
            await cluster.Client.GetGrain<ISourceRegistryGrain>(0).RemoveAsync(Network, [removed.Hostname]);
            var reminders = await server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>("orleans_reminders")
                .Find(Builders<BsonDocument>.Filter.Eq("service", cluster.Options.ServiceId)).ToListAsync(TestContext.Current.CancellationToken);
            var grains = reminders.Select(r => r["grain"].AsString).Where(g => g.Contains("node-", StringComparison.Ordinal)).ToList();
            Assert.Equal(HostCount - 1, grains.Count);
            Assert.DoesNotContain(grains, g => g.EndsWith(removed.ToGrainKey(), StringComparison.Ordinal));
        }
        finally
        {
            await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
            await cluster.DisposeAsync();
        }
    }

    private static string Yaml(string uri, string inputDb, string targetDb) => $"""
        MG_URI: "{uri}"
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_POLL_BATCH_SIZE: 50
        POLL_INTERVAL: 1
        LOG_SOURCES:
          "seed_logs":
            HOSTNAMES: ["seed"]
            MG_TARGET_COL: "seed_anomaly"
        """;

    private static async Task InsertPhaseAsync(LogStore store, List<HostKey> hosts, int normal, HashSet<ObjectId> anomalies)
    {
        foreach (var host in hosts)
        {
            var documents = Enumerable.Range(0, normal).Select(i => LogStore.Document(host.Hostname, LogStore.Normal("cumulus", i + 3)))
                .Append(LogStore.Document(host.Hostname, LogStore.Foreign(anomalies.Count + 1)))
                .ToList();
            var ids = await store.InsertAsync(Network, documents);
            anomalies.Add(ids[^1]);
        }
    }

    // The property the daemon promises: every host is active on the silo HostOwnership names among the silos up.
    private static Task<Dictionary<HostKey, string>> WaitOwnedAsync(TestCluster cluster, List<HostKey> hosts, string what)
    {
        var silos = cluster.Silos.Select(s => s.SiloAddress).ToList();
        var owners = hosts.ToDictionary(h => h, h => HostOwnership.OwnerOf(h.ToGrainKey(), silos)!.ToString());
        return Eventually.WaitAsync(
            () => MongoDaemonCluster.PlacementAsync(cluster, hosts),
            p => p.Count == hosts.Count && hosts.All(h => p[h] == owners[h]),
            Wait,
            p => $"{what}: expected {MongoDaemonCluster.Describe(owners)}; seen {MongoDaemonCluster.Describe(p)}");
    }

    private static async Task WaitScoredAsync(TestCluster cluster, List<HostKey> hosts, LogStore store, long linesPerHost, int anomalies, string what)
    {
        await WaitAsync(cluster, hosts, s => s.Phase == DetectorPhase.Detecting && s.LinesScored == linesPerHost, $"{what}: every host scored {linesPerHost} lines");
        await Eventually.WaitAsync(
            async () => (await store.AnomaliesAsync(NetworkTarget)).Count,
            n => n == anomalies,
            Wait,
            n => $"{what}: {n} of {anomalies} anomalies written");
    }

    private static Task WaitAsync(TestCluster cluster, List<HostKey> hosts, Func<HostStatus, bool> condition, string what) =>
        Eventually.WaitAsync(
            () => StatusesAsync(cluster, hosts),
            all => all.Count == hosts.Count && all.All(condition),
            Wait,
            all => $"{what}; seen: {string.Join("; ", all.Select(s => $"{s.Host.Hostname} {s.Phase} scored {s.LinesScored} {s.Reason}"))}");

    // A call routed to a silo that just died times out until the cluster's view catches up: such hosts are left out this round.
    private static async Task<IReadOnlyList<HostStatus>> StatusesAsync(TestCluster cluster, List<HostKey> hosts)
    {
        var answers = await Task.WhenAll(hosts.Select(async h =>
        {
            try
            {
                return await cluster.Client.GetGrain<IHostDetectorGrain>(h.ToGrainKey()).GetStatusAsync();
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                return null;
            }
        }));
        return [.. answers.OfType<HostStatus>()];
    }
}
