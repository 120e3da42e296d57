using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Security;

/// <summary>Checks <c>AUTH_TOKENS_FILE</c> every <see cref="Interval"/> and applies a change without a restart.</summary>
/// <remarks>Polled rather than watched: file-system events miss a Kubernetes Secret's symlink swap and do not cross
/// every mount, while reading a small file every few seconds costs nothing.</remarks>
internal sealed partial class TokenFileWatcher(TokenFileReload reload, TimeProvider time, ILogger<TokenFileWatcher> log) : BackgroundService
{
    /// <summary>How often the file is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                switch (reload.Check())
                {
                    case { Problem: { } problem } refused:
                        LogRefused(log, problem, string.Join(", ", refused.Names));
                        break;
                    case { } reloaded:
                        LogReloaded(log, reloaded.Names.Count, string.Join(", ", reloaded.Names));
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "AUTH_TOKENS_FILE changed: {Count} token(s) in use now: {Names}")]
    private static partial void LogReloaded(ILogger logger, int count, string names);

    [LoggerMessage(Level = LogLevel.Error, Message = "AUTH_TOKENS_FILE changed but cannot be used, so the tokens in use stay ({Names}): {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem, string names);
}
