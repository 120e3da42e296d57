using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Alerts;
using Lad.Grains.Clustering;
using Lad.Grains.Detection;
using Lad.Grains.Security;
using Lad.Silo;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

const int BadUsage = 2;

var configPath = SiloArguments.ConfigPath(args) ?? Environment.GetEnvironmentVariable("LAD_CONFIG");
if (string.IsNullOrWhiteSpace(configPath))
{
    Console.Error.WriteLine("usage: lad-silo --config <file> [--check-config]   (or set LAD_CONFIG to the file)");
    return BadUsage;
}

if (SiloArguments.CheckOnly(args))
{
    return ConfigCheck.Report(configPath, ConfigCheck.Run(configPath, LadConfigLoader.ProcessEnvironment(), c => TokenFile.Load(c)), Console.Out);
}

LadConfig config;
ApiTokenSet tokens;
try
{
    config = LadConfigLoader.LoadFile(configPath, LadConfigLoader.ProcessEnvironment());
    _ = DetectorOptionsMapping.From(config);
    tokens = TokenFile.Load(config);
    AlertOptions.FromConfig(config, new AlertOptions());
    _ = ClusterCertificates.Load(config.OrleansTlsCertificate, config.OrleansTlsKey, config.OrleansTlsAuthority);
    if (config.MongoCaFile is { } caFile)
    {
        _ = MongoTlsAuthority.Load(caFile);
    }
}
catch (LadConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return BadUsage;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Configuration {configPath}: {e.Message}");
    return BadUsage;
}

foreach (var warning in config.Warnings)
{
    Console.Error.WriteLine($"Configuration {configPath}: warning: {warning}");
}

if (PortsInUse.Check(config) is { } portProblem)
{
    Console.Error.WriteLine($"Configuration {configPath}: {portProblem}");
    return BadUsage;
}

if (config.UsesLocalFiles)
{
    return await LocalFileSilo.RunAsync(args, config);
}

// HTTP_PORT 0 runs the silo without a web server at all.
IHostApplicationBuilder builder = config.HttpPort > 0
    ? WebApplication.CreateBuilder(SiloArguments.WithoutConfig(args))
    : Host.CreateApplicationBuilder(SiloArguments.WithoutConfig(args));
builder.Services.AddSystemd();
SiloLogging.Configure(builder, Environment.GetEnvironmentVariable);
builder.Services.AddSingleton(tokens);
builder.Services.AddTokenFileReload(config);
SiloTelemetry.AddOtlpWhenConfigured(builder.Services, Environment.GetEnvironmentVariable);

// Stopping lets each host's running batch finish (or abandons it unflushed) before the process exits.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
// Grain state is keyed by SERVICE_ID, so it stays fixed: a restarted silo finds its hosts' models and checkpoints.
builder.UseOrleans(silo => silo.UseLadClustering(config).AddLadDaemon(config));
if (builder is WebApplicationBuilder web)
{
    try
    {
        web.AddLadWeb(config, tokens);
    }
    catch (LadConfigException e)
    {
        Console.Error.WriteLine(e.Message);
        return BadUsage;
    }

    var app = web.Build();
    app.UseLadWeb();
    LogAccess(app.Services, config, tokens);
    await app.RunAsync();
}
else
{
    await ((HostApplicationBuilder)builder).Build().RunAsync();
}

return 0;

// Says once, at start, who may use the control plane: token names and roles, never the tokens.
static void LogAccess(IServiceProvider services, LadConfig config, ApiTokenSet tokens)
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
