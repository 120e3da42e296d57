using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Detection;
using Lad.Grains.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Lad.Grains.Alerts;

/// <summary>Adds alert delivery to a silo when a receiver is configured (<c>ALERT_WEBHOOK_URL</c>, <c>ALERTMANAGER_URL</c>).</summary>
public static class AlertServiceExtensions
{
    /// <summary>Registers the queueing incident observer, the queue and lease in <c>MG_TARGET_DB</c>, the configured
    /// channels and the delivery loop; nothing when no receiver is configured.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="config">A validated configuration.</param>
    /// <param name="configure">Changes the options after they are read from the configuration (tests shorten the schedule).</param>
    /// <exception cref="LadConfigException">A credential file cannot be read or is malformed.</exception>
    public static IServiceCollection AddLadAlerts(this IServiceCollection services, LadConfig config, Action<AlertOptions>? configure = null)
    {
        var options = new AlertOptions();
        AlertOptions.FromConfig(config, options);
        configure?.Invoke(options);
        options.Validate();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton(Options.Create(options));
        services.AddSingleton(sp => new MongoAlertQueue(Database(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DeliveryLease(
            Database(sp), $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AlertBacklog>();
        if (options.WebhookUrl is not null)
        {
            services.AddSingleton<IAlertChannel>(_ => new WebhookChannel(Http(options), options));
        }

        if (options.AlertmanagerUrl is not null)
        {
            services.AddSingleton<IAlertChannel>(sp => new AlertmanagerChannel(Http(options), options, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<IIncidentObserver, QueueingIncidentObserver>();
        services.AddHostedService<AlertDeliveryService>();
        return services;
    }

    private static IMongoDatabase Database(IServiceProvider services) => services.GetRequiredService<DetectorServices>().TargetDatabase;

    // A pooled handler whose connections are renewed, so a receiver behind DNS that moves is found again.
    private static HttpClient Http(AlertOptions options) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.RequestTimeout };
}
