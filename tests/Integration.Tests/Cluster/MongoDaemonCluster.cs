using System.Globalization;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Clustering;
using Lad.Grains.Detection;
using Lad.Grains.Reminders;
using Lad.Integration.Tests.Clustering;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Lad.Integration.Tests.Cluster;

/// <summary>Silos running the LAD daemon whose membership, gateways and reminders live in MongoDB (as
/// <c>CLUSTERING: mongo</c> wires them), with membership, reminders and polling shortened to seconds.</summary>
internal static class MongoDaemonCluster
{
    private const string YamlKey = "LadTest:Yaml";
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(2);

    public static async Task<TestCluster> StartAsync(string yaml, short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ServiceId = "lad-cluster-" + Guid.NewGuid().ToString("N")[..8];
        builder.Properties[YamlKey] = yaml;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Which silo each of <paramref name="hosts"/> is active on (hosts with no activation are absent).</summary>
    public static async Task<Dictionary<HostKey, string>> PlacementAsync(TestCluster cluster, IEnumerable<HostKey> hosts)
    {
        var keys = hosts.ToDictionary(h => h.ToGrainKey());
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(s => keys.ContainsKey(s.GrainId.Key.ToString()!))
            .GroupBy(s => keys[s.GrainId.Key.ToString()!])
            .ToDictionary(g => g.Key, g => g.First().SiloAddress.ToString());
    }

    // The tables live where CLUSTERING: mongo puts them: MG_URI's server, MG_TARGET_DB.
    private static void Tables(MongoTableOptions options, LadConfig config)
    {
        options.ConnectionString = MongoConnectionString.From(config);
        options.Database = config.TargetDatabase;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var settings = siloBuilder.Configuration;
            var config = LadConfigLoader.Load(settings[YamlKey]!, new Dictionary<string, string>());
            siloBuilder.UseMongoClustering(o => Tables(o, config));
            siloBuilder.UseMongoReminderService(o => Tables(o, config));
            siloBuilder.AddLadDaemon(config, timings =>
            {
                timings.PollInterval = TimeSpan.FromMilliseconds(200);
                timings.BackoffInitial = TimeSpan.FromMilliseconds(200);
                timings.BackoffMax = TimeSpan.FromSeconds(1);
                timings.KeepAlivePeriod = KeepAlive;
            });
            siloBuilder.UseFastFailureDetection();
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var config = LadConfigLoader.Load(configuration[YamlKey]!, new Dictionary<string, string>());
            clientBuilder.UseMongoClustering(o => Tables(o, config));
            clientBuilder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    internal static string Describe(IEnumerable<KeyValuePair<HostKey, string>> placement) =>
        string.Join(", ", placement.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key.Hostname}@{p.Value}")));
}
