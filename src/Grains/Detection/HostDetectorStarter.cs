using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Abstractions.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Detection;

/// <summary>Once the silo has started, starts the detector of every host in the <see cref="ISourceRegistryGrain"/>
/// (seeded from <c>LOG_SOURCES</c> on first start) and the incident grain of every source, retrying until all started.
/// Each host is started by a call of its own, <see cref="StartsAtOnce"/> at a time: one call starting them all outlasted
/// a grain call's response timeout at 10,000 hosts (and kept the registry from answering anyone meanwhile), and
/// thousands at once would each wait for one of the MongoDB driver's pooled connections, every other query of the silo
/// queued behind them.</summary>
internal sealed partial class HostDetectorStarter(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    DetectorServices services,
    DaemonReadiness readiness,
    ILogger<HostDetectorStarter> logger) : IHostedService
{
    /// <summary>How many hosts are started at once.</summary>
    public const int StartsAtOnce = 50;

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    // Hosts already started (by grain key), so that a retry goes on where the last attempt failed.
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
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
                var sources = await SourceRegistry.Get(grains).ListAsync();
                LogStarted(await StartHostsAsync(sources, cancellationToken));
                foreach (var source in sources)
                {
                    await grains.GetGrain<ISourceIncidentsGrain>(source.Collection).StartAsync();
                }

                readiness.DetectorsStarted();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A grain call that timed out says nothing of why: MongoDB being down is the usual cause, so ask it, and
                // blame it only if it does not answer.
                var problem = await services.Mongo.PingAsync(DaemonReadiness.PingTimeout, cancellationToken)
                              ?? services.Mongo.DescribeWhileAnswering(e);
                readiness.DetectorsNotStarted(problem);
                LogStartFailed(problem, e);
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> StartHostsAsync(IReadOnlyList<SourceDefinition> sources, CancellationToken cancellationToken)
    {
        var hosts = sources.SelectMany(s => s.Hostnames.Select(h => new HostKey(s.Collection, h).ToGrainKey())).ToList();
        foreach (var chunk in hosts.Where(h => !_started.Contains(h)).ToList().Chunk(StartsAtOnce))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.WhenAll(chunk.Select(h => grains.GetGrain<IHostDetectorGrain>(h).StartAsync()));
            _started.UnionWith(chunk);
        }

        return hosts.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} host detector(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host detectors did not start: {Problem}; retrying")]
    private partial void LogStartFailed(string problem, Exception error);
}
