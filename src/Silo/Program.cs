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

if (SiloArguments.Demo(args))
{
    return await Lad.Silo.Demo.DemoSilo.RunAsync(SiloArguments.WithoutDemo(args));
}

var configPath = SiloArguments.ConfigPath(args) ?? Environment.GetEnvironmentVariable("LAD_CONFIG");
if (string.IsNullOrWhiteSpace(configPath))
{
    Console.Error.WriteLine("usage: lad-silo --config <file> [--check-config]   (or set LAD_CONFIG to the file), or lad-silo --demo");
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

IHost host;
try
{
    host = DatabaseSilo.Build(SiloArguments.WithoutConfig(args), config, tokens);
}
catch (LadConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return BadUsage;
}

await host.RunAsync();
return 0;
