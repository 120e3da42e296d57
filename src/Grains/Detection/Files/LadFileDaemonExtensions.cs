using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Security;
using Lad.Grains.Sink;
using Lad.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lad.Grains.Detection.Files;

/// <summary>Adds the database-free daemon (<c>STORAGE_DATASOURCE: local</c>) to a silo.</summary>
public static class LadFileDaemonExtensions
{
    /// <summary>Registers the configuration, the training gate, the anomaly sink (<c>LS_OUTPUT_PATH</c>, or standard
    /// output), grain state in files under <c>MODEL_DIR</c>, the token check on clients' grain calls, and the hosted
    /// service that starts the file detector. No MongoDB service is registered.</summary>
    /// <param name="builder">The silo builder (clustered on localhost).</param>
    /// <param name="config">A validated configuration with <see cref="LadConfig.UsesLocalFiles"/>.</param>
    /// <param name="standardOutput">Where the stdout sink writes; the process's standard output when null.</param>
    /// <param name="configureTimings">Changes the schedule after it is read from the configuration (tests).</param>
    public static ISiloBuilder AddLadFileDaemon(
        this ISiloBuilder builder, LadConfig config, Stream? standardOutput = null, Action<DetectorTimings>? configureTimings = null)
    {
        if (!config.UsesLocalFiles)
        {
            throw new ArgumentException("STORAGE_DATASOURCE is not local", nameof(config));
        }

        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton<TrainingGate>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAnomalySink>(_ => config.WritesToStdout
            ? new StdoutAnomalySink(standardOutput ?? Console.OpenStandardOutput())
            : new FileAnomalySink(config.LocalOutputPath!));
        services.AddOptions<DetectorTimings>()
            .Configure(t => DetectorTimings.FromConfig(config, t))
            .Configure(t => configureTimings?.Invoke(t));
        services.AddHostedService<FileDetectorStarter>();
        builder.AddLadControlAuthorization(config);
        return builder.AddFileGrainStorage(DetectorStorage.ProviderName, options => options.Directory = config.ModelDirectory);
    }
}
