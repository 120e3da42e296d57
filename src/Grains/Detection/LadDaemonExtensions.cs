using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Alerts;
using Lad.Grains.Incidents;
using Lad.Grains.Metrics;
using Lad.Grains.Mongo;
using Lad.Grains.Placement;
using Lad.Grains.Retention;
using Lad.Grains.Security;
using Lad.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Lad.Grains.Detection;

/// <summary>Adds LAD's detection daemon to a silo.</summary>
public static class LadDaemonExtensions
{
    /// <summary>Registers the configuration, shared MongoDB services, the training gate, the detector grain state
    /// storage (in <c>MG_TARGET_DB</c>), the incident observers (a log of incidents opening and closing, and alert delivery when a receiver is configured), the indexes and retention expiry made at start, the placement that keeps each host on the silo owning it, and the hosted service
    /// that starts every configured host, and the token check on clients' grain calls.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="config">A validated configuration.</param>
    /// <param name="configureTimings">Changes the schedule after it is read from the configuration (tests, benchmarks).</param>
    /// <param name="configureAlerts">Changes alert delivery's options after they are read from the configuration (tests).</param>
    public static ISiloBuilder AddLadDaemon(
        this ISiloBuilder builder, LadConfig config, Action<DetectorTimings>? configureTimings = null, Action<AlertOptions>? configureAlerts = null)
    {
        var services = builder.Services;
        services.AddSingleton(config);
        MongoClients.AddTo(services);
        services.AddSingleton<DetectorServices>();
        services.AddSingleton<TrainingGate>();
        services.AddSingleton<DaemonReadiness>();
        services.AddSingleton<LadMetrics>();
        services.AddSingleton<ClusterOwnership>();
        services.AddSingleton<StepDrain>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<StepDrain>());
        services.AddPlacementDirector<HostOwnershipPlacement, HostOwnershipPlacementDirector>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DetectorTimings>()
            .Configure(t => DetectorTimings.FromConfig(config, t))
            .Configure(t => configureTimings?.Invoke(t));
        // Orleans sends an exception to the caller only if its namespace is allowed: a request that MongoDB (or MySQL)
        // failed otherwise reached `lad` as "could not find a codec for type MongoDB.Driver....", not as what failed.
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.UnionWith(["MongoDB", "MySqlConnector"]));
        services.AddSingleton<IIncidentObserver, LoggingIncidentObserver>();
        services.AddLadAlerts(config, configureAlerts);
        services.AddHostedService<IndexesAtStart>();
        // One instance, both the hosted service and what the source registry hands the hosts it adds to.
        services.AddSingleton<HostDetectorStarter>();
        services.AddHostedService(sp => sp.GetRequiredService<HostDetectorStarter>());
        builder.AddLadControlAuthorization(config);
        return builder.AddMongoGrainStorage(DetectorStorage.ProviderName, options =>
        {
            options.ConnectionString = MongoConnectionString.From(config);
            options.CaFile = config.MongoCaFile;
            options.DatabaseName = config.TargetDatabase;
            options.CollectionName = DetectorStorage.CollectionName;
        });
    }
}
