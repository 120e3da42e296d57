using System.Net;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;
using Lad.Grains.Mongo;

namespace Lad.Grains.Clustering;

/// <summary>Gives clients the gateway endpoints of the active silos recorded by <see cref="MongoMembershipTable"/>.</summary>
public sealed class MongoGatewayListProvider : IGatewayListProvider, IDisposable
{
    private readonly string _clusterId;
    private readonly MongoClient _client;
    private readonly IMongoCollection<BsonDocument> _rows;

    /// <summary>Creates the provider; prefer <see cref="MongoClusteringExtensions.UseMongoClustering(Orleans.Hosting.IClientBuilder, Action{MongoClusteringOptions})"/>.</summary>
    /// <param name="options">Server, database and collection prefix (the silos' values).</param>
    /// <param name="clusterOptions">Gives the cluster id to connect to.</param>
    /// <param name="gatewayOptions">Gives how often the client refreshes the list.</param>
    public MongoGatewayListProvider(IOptions<MongoClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, IOptions<GatewayOptions> gatewayOptions)
    {
        var settings = options.Value;
        settings.Validate("MongoDB gateway list");
        _clusterId = clusterOptions.Value.ClusterId;
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        _client = MongoClientFactory.Create(settings.ConnectionString, settings.CaFile);
        _rows = _client.GetDatabase(settings.Database).GetCollection<BsonDocument>(settings.CollectionPrefix + "membership");
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; }

    /// <inheritdoc />
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGateways()
    {
        var filters = Builders<BsonDocument>.Filter;
        var rows = await _rows.Find(filters.Eq(MembershipRow.Cluster, _clusterId)
                                    & filters.Eq(MembershipRow.Status, (int)SiloStatus.Active)
                                    & filters.Gt(MembershipRow.ProxyPort, 0)).ToListAsync();
        return [.. rows.Select(row =>
        {
            var silo = MembershipRow.Read(row).Item1.SiloAddress;
            var gateway = SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, row[MembershipRow.ProxyPort].ToInt32()), silo.Generation);
            return gateway.ToGatewayUri();
        })];
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
