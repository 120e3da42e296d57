using System.Net;
using Lad.Grains.Clustering;
using Lad.Grains.Mongo;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Clustering;

/// <summary>Builds membership tables and entries on a fresh database of the test server; its tables share one client,
/// as a silo's do.</summary>
internal sealed class MembershipTableHarness(MongoServerFixture server) : IDisposable
{
    public const string Prefix = "t_";

    public string Database { get; } = MongoServerFixture.NewDatabaseName("members");

    public MongoClients Clients { get; } = new();

    public MongoClusteringOptions Options => new()
    {
        ConnectionString = server.ConnectionString,
        Database = Database,
        CollectionPrefix = Prefix,
    };

    public IMongoCollection<BsonDocument> Versions => server.Client.GetDatabase(Database).GetCollection<BsonDocument>(Prefix + "membership_versions");

    public IMongoCollection<BsonDocument> Rows => server.Client.GetDatabase(Database).GetCollection<BsonDocument>(Prefix + "membership");

    public async Task<MongoMembershipTable> CreateAsync(string clusterId = "c1")
    {
        _ = server.Client; // skips when no server is available
        var table = new MongoMembershipTable(
            Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "svc" }),
            Clients,
            NullLogger<MongoMembershipTable>.Instance);
        await table.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
        return table;
    }

    public MongoGatewayListProvider CreateGatewayList(string clusterId = "c1") => new(
        Microsoft.Extensions.Options.Options.Create(Options),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "svc" }),
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
        Clients);

    public void Dispose() => Clients.Dispose();

    public static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining, DateTime? time = null)
    {
        var at = time ?? DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
            Status = status,
            ProxyPort = port + 1000,
            HostName = "host",
            SiloName = $"silo{port}",
            RoleName = "role",
            StartTime = at,
            IAmAliveTime = at,
            SuspectTimes = [],
        };
    }
}
