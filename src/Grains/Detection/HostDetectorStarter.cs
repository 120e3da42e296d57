using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Detection;

/// <summary>Once the silo has started, starts one <see cref="IHostDetectorGrain"/> per (collection, host name) of
/// <c>LOG_SOURCES</c>, retrying each until it answers.</summary>
internal sealed partial class HostDetectorStarter(
    LadConfig config, IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<HostDetectorStarter> logger) : IHostedService
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
        var hosts = config.Sources.SelectMany(s => s.Hostnames.Select(h => new HostKey(s.Collection, h))).ToList();
        await Task.WhenAll(hosts.Select(h => StartOneAsync(h, cancellationToken)));
        LogStarted(hosts.Count);
    }

    private async Task StartOneAsync(HostKey host, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IHostDetectorGrain>(host.ToGrainKey()).StartAsync();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogStartFailed(host, e);
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} host detector(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: detector did not start; retrying")]
    private partial void LogStartFailed(HostKey host, Exception error);
}
