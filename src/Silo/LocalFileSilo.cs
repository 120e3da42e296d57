using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Clustering;
using Lad.Grains.Detection.Files;
using Lad.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Lad.Silo;

/// <summary>Runs the daemon with no database (<c>STORAGE_DATASOURCE: local</c>): one silo on localhost, grain state in
/// files under <c>MODEL_DIR</c>, logs read from <c>LS_INPUT_PATH</c>, anomalies to standard output or <c>LS_OUTPUT_PATH</c>.</summary>
/// <remarks>The HTTP API and the management commands work on MongoDB's stores (sources, feedback, incidents), so this
/// silo serves neither; it writes its log to standard error, which with <c>STORAGE_DATASINK: stdout</c> leaves standard
/// output to the anomalies alone.</remarks>
internal static class LocalFileSilo
{
    /// <summary>Builds and runs the silo until it is stopped.</summary>
    /// <param name="args">The command line (without the config option).</param>
    /// <param name="config">A validated configuration with <see cref="LadConfig.UsesLocalFiles"/>.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, LadConfig config)
    {
        var builder = Host.CreateApplicationBuilder(SiloArguments.WithoutConfig(args));
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSystemd();
        SiloLogging.Configure(builder, Environment.GetEnvironmentVariable);
        builder.Services.AddTokenFileReload(config);
        SiloTelemetry.AddOtlpWhenConfigured(builder.Services, Environment.GetEnvironmentVariable);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo => silo.UseLadClustering(config).AddLadFileDaemon(config));
        var host = builder.Build();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lad.Silo").LogInformation(
            "No database: reading {Input}, anomalies to {Output}, models and positions in {State}; the HTTP API and lad's cluster commands are not served in this mode",
            config.LocalInputPath, config.WritesToStdout ? "standard output" : config.LocalOutputPath, Path.GetFullPath(config.ModelDirectory));
        await host.RunAsync();
        return 0;
    }
}
