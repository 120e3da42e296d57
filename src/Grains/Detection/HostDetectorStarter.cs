using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Abstractions.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Detection;

/// <summary>Once the silo has started, starts the detector of every host in the <see cref="ISourceRegistryGrain"/>
/// (seeded from <c>LOG_SOURCES</c> on first start) and the incident grain of every source, retrying until the registry
/// answers.</summary>
internal sealed partial class HostDetectorStarter(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    DetectorServices services,
    DaemonReadiness readiness,
    ILogger<HostDetectorStarter> logger) : IHostedService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStarted fires after every hosted service, the silo included, has started: grain calls work then.
        lifetime.ApplicationStarted.Register(() => _starting = StartAllAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        // The registry holds the run-time source set (seeded from LOG_SOURCES once), so the starter and `lad sources` agree.
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var registry = SourceRegistry.Get(grains);
                LogStarted(await registry.StartAllAsync());
                foreach (var source in await registry.ListAsync())
                {
                    await grains.GetGrain<ISourceIncidentsGrain>(source.Collection).StartAsync();
                }

                readiness.DetectorsStarted();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A grain call that timed out says nothing of why: MongoDB being down is the usual cause, so say so.
                var problem = await services.Mongo.PingAsync(DaemonReadiness.PingTimeout, cancellationToken) ?? services.Mongo.Describe(e);
                readiness.DetectorsNotStarted(problem);
                LogStartFailed(problem, e);
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} host detector(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host detectors did not start: {Problem}; retrying")]
    private partial void LogStartFailed(string problem, Exception error);
}
