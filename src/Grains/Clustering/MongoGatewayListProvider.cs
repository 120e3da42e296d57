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
public sealed class MongoGatewayListProvider : IGatewayListProvider
{
    private readonly string _clusterId;
    private readonly Lazy<IMongoCollection<BsonDocument>> _rows;

    /// <summary>Creates the provider; prefer <see cref="MongoClusteringExtensions.UseMongoClustering(Orleans.Hosting.IClientBuilder, Action{MongoClusteringOptions})"/>.</summary>
    /// <param name="options">Server, database and collection prefix (the silos' values).</param>
    /// <param name="clusterOptions">Gives the cluster id to connect to.</param>
    /// <param name="gatewayOptions">Gives how often the client refreshes the list.</param>
    /// <param name="clients">The process's MongoDB clients.</param>
    /// <remarks>The options are checked at start by <see cref="MongoTableOptionsValidator{TOptions}"/>.</remarks>
    public MongoGatewayListProvider(
        IOptions<MongoClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, IOptions<GatewayOptions> gatewayOptions, MongoClients clients)
    {
        var settings = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        // Connected at first use, not when Orleans builds the provider: a silo builds it before running the
        // configuration validators, which name a bad option better than the driver's exception would.
        _rows = new(() => clients.For(settings.ConnectionString, settings.CaFile).GetDatabase(settings.Database)
            .GetCollection<BsonDocument>(settings.CollectionPrefix + "membership"));
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; }

    /// <inheritdoc />
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    /// <inheritdoc />
    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var rows = await _rows.Value.Find(filters.Eq(MembershipRow.Cluster, _clusterId)
                                    & filters.Eq(MembershipRow.Status, (int)SiloStatus.Active)
                                    & filters.Gt(MembershipRow.ProxyPort, 0)).ToListAsync(cancellationToken);
        return [.. rows.Select(row =>
        {
            var silo = MembershipRow.Read(row).Item1.SiloAddress;
            var gateway = SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, row[MembershipRow.ProxyPort].ToInt32()), silo.Generation);
            return gateway.ToGatewayUri();
        })];
    }
}
