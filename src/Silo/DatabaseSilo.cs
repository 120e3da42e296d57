using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Clustering;
using Lad.Grains.Detection;
using Lad.Grains.Security;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Silo;

/// <summary>The silo on a database (MongoDB, or MySQL beside it): Orleans with the daemon's grains and, unless
/// <c>HTTP_PORT</c> is 0, the HTTP API and the console on the same host.</summary>
internal static class DatabaseSilo
{
    /// <summary>Builds the silo's host, not yet started.</summary>
    /// <param name="args">The command line (without the config option).</param>
    /// <param name="config">A validated configuration on a database.</param>
    /// <param name="tokens">The API tokens of <c>AUTH_TOKENS_FILE</c>.</param>
    /// <exception cref="LadConfigException">The HTTP TLS certificate cannot be loaded.</exception>
    public static IHost Build(string[] args, LadConfig config, ApiTokenSet tokens)
    {
        // HTTP_PORT 0 runs the silo without a web server at all.
        IHostApplicationBuilder builder = config.HttpPort > 0
            ? WebApplication.CreateBuilder(args)
            : Host.CreateApplicationBuilder(args);
        builder.Services.AddSystemd();
        SiloLogging.Configure(builder, Environment.GetEnvironmentVariable);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddTokenFileReload(config);
        SiloTelemetry.AddOtlpWhenConfigured(builder.Services, Environment.GetEnvironmentVariable);

        // Stopping lets each host's running batch finish (or abandons it unflushed) before the process exits.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        // Grain state is keyed by SERVICE_ID, so it stays fixed: a restarted silo finds its hosts' models and checkpoints.
        builder.UseOrleans(silo => silo.UseLadClustering(config).AddLadDaemon(config));
        if (builder is not WebApplicationBuilder web)
        {
            return ((HostApplicationBuilder)builder).Build();
        }

        web.AddLadWeb(config, tokens);
        var app = web.Build();
        app.UseLadWeb();
        LogAccess(app.Services, config, tokens);
        return app;
    }

    // Says once, at start, who may use the control plane: token names and roles, never the tokens.
    private static void LogAccess(IServiceProvider services, LadConfig config, ApiTokenSet tokens)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Lad.Silo.Access");
        if (tokens.IsOpen)
        {
            log.LogWarning(
                "No AUTH_TOKENS_FILE: the HTTP API on port {Port} takes control requests from loopback only (probes and metrics from anywhere), and the Orleans gateway takes any client; set AUTH_TOKENS_FILE before exposing the gateway",
                config.HttpPort);
            return;
        }

        log.LogInformation(
            "HTTP API on *:{Port} ({Scheme}); tokens: {Tokens}; /metrics {Metrics}",
            config.HttpPort,
            config.HttpTlsCertificate is null ? "plain HTTP" : "TLS",
            string.Join(", ", tokens.Tokens.Select(t => $"{t.Name} ({t.Role.ToString().ToLowerInvariant()})")),
            config.MetricsAuth ? "needs a read token" : "open (METRICS_AUTH: false)");
    }
}
