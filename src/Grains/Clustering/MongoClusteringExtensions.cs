using Lad.Grains.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Lad.Grains.Clustering;

/// <summary>Registers MongoDB clustering on silos (<see cref="MongoMembershipTable"/>) and clients (<see cref="MongoGatewayListProvider"/>).</summary>
public static class MongoClusteringExtensions
{
    /// <summary>Makes the silo find and watch its cluster through MongoDB.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets connection string, database and collection prefix.</param>
    public static ISiloBuilder UseMongoClustering(this ISiloBuilder builder, Action<MongoClusteringOptions> configure)
    {
        AddOptions(builder.Services, configure, "MongoDB clustering");
        builder.Services.AddSingleton<IMembershipTable, MongoMembershipTable>();
        return builder;
    }

    /// <summary>Makes the client find the cluster's gateways through MongoDB.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets connection string, database and collection prefix (the silos' values).</param>
    public static IClientBuilder UseMongoClustering(this IClientBuilder builder, Action<MongoClusteringOptions> configure)
    {
        AddOptions(builder.Services, configure, "MongoDB gateway list");
        builder.Services.AddSingleton<IGatewayListProvider, MongoGatewayListProvider>();
        return builder;
    }

    // Checked at start, logged with the other options (password hidden), and connected through the shared clients.
    private static void AddOptions(IServiceCollection services, Action<MongoClusteringOptions> configure, string provider)
    {
        services.Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new MongoTableOptionsValidator<MongoClusteringOptions>(sp.GetRequiredService<IOptions<MongoClusteringOptions>>(), provider));
        services.ConfigureFormatter<MongoClusteringOptions>();
        MongoClients.AddTo(services);
    }
}
