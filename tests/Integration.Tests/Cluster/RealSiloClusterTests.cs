using System.Diagnostics;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Metrics;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Cluster;

/// <summary>Two real <c>lad-silo</c> processes configured as the Kubernetes pods are (<c>LAD_CLUSTERING=mongo</c>,
/// <c>LAD_ADVERTISED_IP</c>): they form one cluster in MongoDB and the host runs on exactly one of them.</summary>
public class RealSiloClusterTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoSilosWithMongoClusteringFormOneClusterAndShareTheWork()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("pods_in"), MongoServerFixture.NewDatabaseName("pods_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var config = Path.Combine(Path.GetTempPath(), $"lad-pods-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, OneHost(server.ConnectionString, inputDb, targetDb) + $"\nCLUSTER_ID: \"pods-{Guid.NewGuid():N}\"\n",
            TestContext.Current.CancellationToken);
        var silos = new List<ClusteredSilo>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                silos.Add(ClusteredSilo.Start(config));
            }

            foreach (var silo in silos)
            {
                await silo.WaitReadyAsync(Wait);
            }

            // Both silos are Active rows of one cluster in MG_TARGET_DB, at the advertised address and their SILO_PORT.
            var rows = await Eventually.WaitAsync(
                () => server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>("orleans_membership")
                    .Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(TestContext.Current.CancellationToken),
                r => r.Count(d => d["status"].ToInt32() == (int)SiloStatus.Active) == 2,
                Wait,
                r => $"{r.Count} membership rows: {string.Join(", ", r.Select(d => $"{d["silo"]} {d["status"]}"))}");
            Assert.Equal(silos.Select(s => $"127.0.0.1:{s.SiloPort}").Order(),
                rows.Select(d => SiloAddress.FromParsableString(d["silo"].AsString).Endpoint.ToString()).Order());

            // The one host trains once in the whole cluster: exactly one silo's /metrics counts it.
            var scrapes = await Eventually.WaitAsync(
                async () => await Task.WhenAll(silos.Select(s => s.Http.GetStringAsync("/metrics", TestContext.Current.CancellationToken))),
                all => all.Sum(t => Train(t)) >= 1,
                Wait,
                all => string.Join(" | ", all));
            Assert.Equal(1, scrapes.Sum(Train));
            Assert.Single(scrapes, t => Train(t) == 1);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            File.Delete(config);
        }
    }

    private static double Train(string scrape) =>
        Exposition.Value(scrape, "aiops_lad_train_count", Network, "cumulus") is var v && double.IsNaN(v) ? 0 : v;
}
