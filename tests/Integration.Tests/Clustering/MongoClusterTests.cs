using System.Diagnostics;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.TestingHost;

namespace Lad.Integration.Tests.Clustering;

public class MongoClusterTests(MongoServerFixture server)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task SilosJoinThroughMongoSurviveADeathAndTakeANewcomer()
    {
        var database = MongoServerFixture.NewDatabaseName("cluster");
        var cluster = await MongoClusterHarness.StartAsync(server, database, 3);
        try
        {
            var rows = await MongoClusterHarness.RowsAsync(server, database, cluster);
            Assert.Equal(3, rows.Count(r => r.Status == SiloStatus.Active));

            var placement = await WhereAsync(cluster, 0, 60);
            Assert.Equal(3, placement.Values.Distinct().Count()); // grains spread over all three silos

            var victim = cluster.Silos[1];
            var orphans = placement.Where(p => p.Value == victim.SiloAddress.ToString()).Select(p => p.Key).ToArray();
            var clock = Stopwatch.StartNew();
            await cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
            await MongoClusterHarness.WaitUntilAsync(
                async () => (await MongoClusterHarness.RowsAsync(server, database, cluster)).Any(r => r.Silo == victim.SiloAddress.ToString() && r.Status == SiloStatus.Dead),
                Limit, $"the killed silo {victim.SiloAddress} is declared Dead in MongoDB");
            var declaredDead = clock.Elapsed;

            var moved = new Dictionary<long, string>();
            var lastErrors = new List<string>();
            await MongoClusterHarness.WaitUntilAsync(async () =>
            {
                // In parallel: a call routed to the dead silo waits out the response timeout.
                var answers = await Task.WhenAll(orphans.Where(k => !moved.ContainsKey(k)).Select(async key =>
                {
                    try
                    {
                        return (key, Silo: await cluster.Client.GetGrain<IProbeGrain>(key).WhereAsync(), Error: "");
                    }
                    catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
                    {
                        // The cluster may still route to the dead silo until its view catches up.
                        return (key, Silo: "", Error: e.GetType().Name + ": " + e.Message);
                    }
                }));
                lastErrors = [.. answers.Where(a => a.Error.Length > 0).Select(a => a.Error).Distinct()];
                foreach (var answer in answers.Where(a => a.Silo.Length > 0))
                {
                    moved[answer.key] = answer.Silo;
                }

                return moved.Count == orphans.Length;
            }, Limit, () => $"all {orphans.Length} grains of the killed silo answer again ({moved.Count} did; last errors: {string.Join(", ", lastErrors)})");
            Assert.NotEmpty(orphans);
            Assert.DoesNotContain(victim.SiloAddress.ToString(), moved.Values);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"kill -> Dead in MongoDB: {declaredDead.TotalSeconds:0.0} s; kill -> all {orphans.Length} orphaned grains answer: {clock.Elapsed.TotalSeconds:0.0} s");

            var newcomer = await cluster.StartAdditionalSiloAsync();
            await MongoClusterHarness.WaitUntilAsync(
                async () => (await MongoClusterHarness.RowsAsync(server, database, cluster)).Any(r => r.Silo == newcomer.SiloAddress.ToString() && r.Status == SiloStatus.Active),
                Limit, $"the new silo {newcomer.SiloAddress} is Active in MongoDB");
            var later = new Dictionary<long, string>();
            await MongoClusterHarness.WaitUntilAsync(async () =>
            {
                foreach (var (key, silo) in await WhereAsync(cluster, 1000 + later.Count, 30))
                {
                    later[key] = silo;
                }

                return later.ContainsValue(newcomer.SiloAddress.ToString());
            }, Limit, $"new grains are placed on the new silo {newcomer.SiloAddress}");
        }
        finally
        {
            await cluster.StopAllSilosAsync(CancellationToken.None); // cleanup must finish even when the test is cancelled
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReminderKeepsFiringAfterItsSiloDies()
    {
        var database = MongoServerFixture.NewDatabaseName("reminders");
        var cluster = await MongoClusterHarness.StartAsync(server, database, 2);
        try
        {
            var key = Random.Shared.NextInt64(1_000_000, long.MaxValue);
            var grain = cluster.Client.GetGrain<IProbeGrain>(key);
            var home = await grain.WhereAsync();
            await grain.StartTickingAsync(TimeSpan.FromSeconds(1));
            await MongoClusterHarness.WaitUntilAsync(
                () => Task.FromResult(ProbeTicks.Of(key).Count(t => t.Silo == home) >= 2), Limit, $"the reminder ticks twice on {home}");

            var reminderRows = await server.Client.GetDatabase(database).GetCollection<BsonDocument>("orleans_reminders")
                .Find(Builders<BsonDocument>.Filter.Eq("grain", grain.GetGrainId().ToString())).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(cluster.Options.ServiceId, Assert.Single(reminderRows)["service"].AsString); // stored by our table, not in memory

            var victim = cluster.Silos.Single(s => s.SiloAddress.ToString() == home);
            await cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
            var killedAt = DateTime.UtcNow;
            await MongoClusterHarness.WaitUntilAsync(
                () => Task.FromResult(ProbeTicks.Of(key).Count(t => t.At > killedAt && t.Silo != home) >= 2), Limit,
                "the reminder ticks twice on the surviving silo");
            var firstSurvivorTick = ProbeTicks.Of(key).First(t => t.At > killedAt && t.Silo != home).At;
            TestContext.Current.TestOutputHelper?.WriteLine($"kill -> first reminder tick on the survivor: {(firstSurvivorTick - killedAt).TotalSeconds:0.0} s");

            Assert.DoesNotContain(ProbeTicks.Of(key), t => t.At > killedAt && t.Silo == home);
        }
        finally
        {
            await cluster.StopAllSilosAsync(CancellationToken.None); // cleanup must finish even when the test is cancelled
            await cluster.DisposeAsync();
        }
    }

    private static async Task<Dictionary<long, string>> WhereAsync(TestCluster cluster, long firstKey, int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => firstKey + i).ToArray();
        var silos = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IProbeGrain>(k).WhereAsync()));
        return keys.Zip(silos).ToDictionary(p => p.First, p => p.Second);
    }
}
