using System.Diagnostics;
using Lad.Client.Cluster;
using Lad.Client.Commands;
using Lad.Grains.Abstractions.Security;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Security;

/// <summary>Two real <c>lad-silo</c> processes with ORLEANS_TLS_CERT/KEY/CA: they form one cluster over mutual TLS, a
/// console with a certificate of the cluster's authority is served, and one without a certificate is refused.</summary>
public class MutualTlsClusterTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SilosJoinOverMutualTlsAndAConsoleWithoutACertificateIsRefused()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("mtls_in"), MongoServerFixture.NewDatabaseName("mtls_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        using var certificates = new TestCertificates();
        var config = Path.Combine(Path.GetTempPath(), $"lad-mtls-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, OneHost(server.ConnectionString, inputDb, targetDb) + $"\nCLUSTER_ID: \"lad\"\n",
            TestContext.Current.CancellationToken);
        var silos = new List<ClusteredSilo>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                silos.Add(ClusteredSilo.Start(config, new Dictionary<string, string>
                {
                    ["LAD_ORLEANS_TLS_CERT"] = certificates.Certificate,
                    ["LAD_ORLEANS_TLS_KEY"] = certificates.Key,
                    ["LAD_ORLEANS_TLS_CA"] = certificates.Authority,
                }));
            }

            foreach (var silo in silos)
            {
                await silo.WaitReadyAsync(Wait);
            }

            // Both silos are Active members: they probe each other over mutual TLS.
            await Eventually.WaitAsync(
                () => server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>("orleans_membership")
                    .Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(TestContext.Current.CancellationToken),
                r => r.Count(d => d["status"].ToInt32() == (int)SiloStatus.Active) == 2,
                Wait,
                r => $"{r.Count} membership rows: {string.Join(", ", r.Select(d => $"{d["silo"]} {d["status"]}"))}");

            var gateway = $"127.0.0.1:{silos[1].GatewayPort}";
            var target = new ClusterTarget(gateway, "lad", "lad");
            var tls = ClusterCertificates.Load(certificates.Certificate, certificates.Key, certificates.Authority);
            await using (var connection = await ClusterConnection.ConnectAsync(target, null, tls, TestContext.Current.CancellationToken))
            {
                var console = new CapturedConsole();
                Assert.Equal(0, await HostsCommand.RunAsync(connection.Grains, false, console.Console, console.Output));
                Assert.Contains($"{Network}/cumulus", console.Text);
            }

            var refused = await Assert.ThrowsAsync<ClusterUnavailableException>(
                () => ClusterConnection.ConnectAsync(target, null, null, TestContext.Current.CancellationToken));
            Assert.StartsWith($"{gateway} answered but did not let lad in (", refused.Message);
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
}
