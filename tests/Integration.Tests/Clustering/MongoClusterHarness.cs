using Lad.Grains.Clustering;
using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Lad.Integration.Tests.Clustering;

/// <summary>Starts a multi-silo test cluster whose membership, gateways and reminders all live in MongoDB,
/// with membership timings shortened so a killed silo is declared dead within seconds.</summary>
internal static class MongoClusterHarness
{
    private const string ConnectionKey = "LadTest:MongoConnectionString";
    private const string DatabaseKey = "LadTest:MongoDatabase";

    public static async Task<TestCluster> StartAsync(MongoServerFixture server, string database, short silos)
    {
        _ = server.Client; // skips when no server is available
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[ConnectionKey] = server.ConnectionString;
        builder.Properties[DatabaseKey] = database;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Membership rows of the cluster as (silo, status) read straight from MongoDB.</summary>
    public static async Task<IReadOnlyList<(string Silo, SiloStatus Status)>> RowsAsync(MongoServerFixture server, string database, TestCluster cluster) =>
        [.. (await RowDocumentsAsync(server, database, cluster)).Select(r => (SiloAddress.FromParsableString(r["silo"].AsString).ToString(), (SiloStatus)r["status"].ToInt32()))];

    /// <summary>The cluster's membership documents as stored.</summary>
    public static Task<List<BsonDocument>> RowDocumentsAsync(MongoServerFixture server, string database, TestCluster cluster) =>
        server.Client.GetDatabase(database).GetCollection<BsonDocument>("orleans_membership")
            .Find(Builders<BsonDocument>.Filter.Eq("cluster", cluster.Options.ClusterId)).ToListAsync();

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what) => WaitUntilAsync(condition, limit, () => what);

    /// <summary>As above, with a message built at the time of failure (to include what was last seen).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {limit.TotalSeconds:0} s waiting until {what()}.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static void Configure(MongoTableOptions options, IConfiguration configuration)
    {
        options.ConnectionString = configuration[ConnectionKey]!;
        options.Database = configuration[DatabaseKey]!;
    }

    // Orleans' default: a silo's first activation on a loaded machine took longer than the 5 s these tests once used.
    // A call to a dead silo does not wait for it; fast failure detection declares the silo dead within seconds.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.UseMongoClustering(options => MongoClusterHarness.Configure(options, siloBuilder.Configuration));
            siloBuilder.UseMongoReminderService(options => MongoClusterHarness.Configure(options, siloBuilder.Configuration));
            siloBuilder.UseFastFailureDetection();
            siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = CallTimeout);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseMongoClustering(options => MongoClusterHarness.Configure(options, configuration));
            clientBuilder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = CallTimeout);
        }
    }
}
