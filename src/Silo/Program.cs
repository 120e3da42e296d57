using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Clustering;
using Lad.Grains.Detection;
using Lad.Silo;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

const int BadUsage = 2;

var configPath = SiloArguments.ConfigPath(args) ?? Environment.GetEnvironmentVariable("LAD_CONFIG");
if (string.IsNullOrWhiteSpace(configPath))
{
    Console.Error.WriteLine("usage: lad-silo --config <file>   (or set LAD_CONFIG to the file)");
    return BadUsage;
}

LadConfig config;
try
{
    config = LadConfigLoader.LoadFile(configPath, LadConfigLoader.ProcessEnvironment());
    _ = DetectorOptionsMapping.From(config);
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

// HTTP_PORT 0 runs the silo without a web server at all.
IHostApplicationBuilder builder = config.HttpPort > 0
    ? WebApplication.CreateBuilder(SiloArguments.WithoutConfig(args))
    : Host.CreateApplicationBuilder(SiloArguments.WithoutConfig(args));
builder.Services.AddSystemd();

// Stopping lets each host's running batch finish (or abandons it unflushed) before the process exits.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
// Grain state is keyed by SERVICE_ID, so it stays fixed: a restarted silo finds its hosts' models and checkpoints.
builder.UseOrleans(silo => silo.UseLadClustering(config).AddLadDaemon(config));
if (builder is WebApplicationBuilder web)
{
    web.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(config.HttpPort));
    var app = web.Build();
    app.MapLadEndpoints();
    await app.RunAsync();
}
else
{
    await ((HostApplicationBuilder)builder).Build().RunAsync();
}

return 0;
