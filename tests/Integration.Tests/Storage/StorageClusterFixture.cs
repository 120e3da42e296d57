using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Fixtures;
using Orleans.TestingHost;

namespace Lad.Integration.Tests.Storage;

/// <summary>A one-silo Orleans test cluster whose "mongo" grain storage is <see cref="MongoGrainStorage"/> on the test server.</summary>
public sealed class StorageClusterFixture(MongoServerFixture server) : IAsyncLifetime
{
    public const string ProviderName = "mongo";
    private const string ConnectionKey = "LadTest:MongoConnectionString";
    private const string DatabaseKey = "LadTest:MongoDatabase";

    private TestCluster? _cluster;

    public string DatabaseName { get; } = MongoServerFixture.NewDatabaseName("grains");

    /// <summary>The cluster; skips the calling test when no MongoDB server is available.</summary>
    public TestCluster Cluster
    {
        get
        {
            _ = server.Client;
            return _cluster!;
        }
    }

    public MongoServerFixture Server => server;

    public async ValueTask InitializeAsync()
    {
        if (server.ConnectionString.Length == 0)
        {
            return;
        }

        var builder = new TestClusterBuilder(1);
        builder.Properties[ConnectionKey] = server.ConnectionString;
        builder.Properties[DatabaseKey] = DatabaseName;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    // These tests check what is stored, not how fast: a 20 MB state written to the in-memory test server on a loaded
    // machine took longer than Orleans' default 30 s response timeout (seen once in ten suite runs).
    private static readonly TimeSpan StorageCallTimeout = TimeSpan.FromMinutes(2);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMongoGrainStorage(ProviderName, options =>
            {
                options.ConnectionString = siloBuilder.Configuration[ConnectionKey]!;
                options.DatabaseName = siloBuilder.Configuration[DatabaseKey]!;
            });
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = StorageCallTimeout);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = StorageCallTimeout);
    }
}
