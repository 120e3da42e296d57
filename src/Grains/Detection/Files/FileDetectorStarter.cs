using Lad.Grains.Abstractions.Detection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Detection.Files;

/// <summary>Once the silo has started, starts the local file detector, retrying until it answers.</summary>
internal sealed partial class FileDetectorStarter(
    IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<FileDetectorStarter> logger) : IHostedService
{
    /// <summary>The key of the one file detector of a silo.</summary>
    public const string DetectorKey = "local";

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStarted fires after every hosted service, the silo included, has started: grain calls work then.
        lifetime.ApplicationStarted.Register(() => _starting = StartDetectorAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartDetectorAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IFileDetectorGrain>(DetectorKey).StartAsync();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogStartFailed(e);
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The local file detector did not start; retrying")]
    private partial void LogStartFailed(Exception error);
}
