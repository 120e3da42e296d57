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

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddMongoGrainStorage(ProviderName, options =>
            {
                options.ConnectionString = siloBuilder.Configuration[ConnectionKey]!;
                options.DatabaseName = siloBuilder.Configuration[DatabaseKey]!;
            });
    }
}
