using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Browser;

/// <summary>What the console tests run against: a silo with one host of <see cref="DaemonYaml.Network"/> (cumulus, 100
/// history lines) behind the test tokens, and the HTTP API serving the console on it. Disposing stops both and deletes
/// the token file.</summary>
internal sealed class ConsoleSilo : IAsyncDisposable
{
    private readonly string _tokensPath;

    private ConsoleSilo(string tokensPath, IMongoDatabase target, LogStore store, DaemonCluster cluster, IGrainFactory silo, TestWebApi web)
    {
        _tokensPath = tokensPath;
        Target = target;
        Store = store;
        Cluster = cluster;
        Silo = silo;
        Web = web;
    }

    /// <summary>The database the host's anomalies, incidents and feedback are written to.</summary>
    public IMongoDatabase Target { get; }

    public LogStore Store { get; }

    public DaemonCluster Cluster { get; }

    public IGrainFactory Silo { get; }

    public TestWebApi Web { get; }

    /// <summary>Starts a one-host silo and the web API over it; the silo reaches MongoDB through
    /// <paramref name="connectionString"/> (the server's own by default), and its steps and requests wait on it at most
    /// <paramref name="deadlineMilliseconds"/>.</summary>
    public static async Task<ConsoleSilo> StartAsync(
        MongoServerFixture server, string databasePrefix, string? connectionString = null, int deadlineMilliseconds = 20_000)
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName(databasePrefix + "_in"), MongoServerFixture.NewDatabaseName(databasePrefix + "_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var tokensPath = TestTokens.WriteFile();
        DaemonCluster? cluster = null;
        try
        {
            var yaml = OneHost(connectionString ?? server.ConnectionString, inputDb, targetDb) + $"\nAUTH_TOKENS_FILE: \"{tokensPath}\"\n";
            cluster = await DaemonCluster.StartAsync(yaml, stepDeadlineMilliseconds: deadlineMilliseconds);
            var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());
            var silo = cluster.SiloServices.GetRequiredService<IGrainFactory>();
            var web = await TestWebApi.StartAsync(config, TokenFile.Load(config), services => services
                .AddSingleton(silo)
                .AddSingleton(cluster.SiloServices.GetRequiredService<LadMetrics>()));
            return new ConsoleSilo(tokensPath, server.Client.GetDatabase(targetDb), store, cluster, silo, web);
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            File.Delete(tokensPath);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        await Cluster.DisposeAsync();
        File.Delete(_tokensPath);
    }
}
