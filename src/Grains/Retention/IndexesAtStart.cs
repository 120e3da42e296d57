using Lad.Grains.Detection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lad.Grains.Retention;

/// <summary>At silo start, gives the incident collections and the anomaly collection of every known source their query
/// indexes and retention expiry, the feedback its query indexes and the dead letters their expiry. Best effort: what
/// fails here (MongoDB not up yet) is made before the first write or read that needs it.</summary>
internal sealed partial class IndexesAtStart(DetectorServices services, ILogger<IndexesAtStart> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _making = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _making = MakeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _making.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task MakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await services.Incidents.EnsureIndexesAsync();
            await services.HourlyCounts.EnsureIndexesAsync();
            await services.Feedback.EnsureIndexesAsync();
            await services.DeadLetters.EnsureRetentionAsync();
            var stored = await services.SourceStore.ListAsync(unreadable: null, cancellationToken);
            // A MySQL sink's anomalies are rows, not documents: its tables are made by the sink before the first write.
            var targets = services.Config.WritesMySql ? [] : stored.Select(s => s.TargetCollection)
                .Concat(services.Config.Sources.Select(s => s.TargetCollection))
                .Distinct(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await services.AnomalyIndexes.EnsureAsync(target);
            }

            LogMade(services.Config.Retention?.TotalDays);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotMade(services.Mongo.Describe(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexes of anomalies, incidents, feedback and dead letters in place (retention {Days} days; none: kept forever)")]
    private partial void LogMade(double? days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexes of anomalies, incidents, feedback and dead letters not made at start ({Problem}); they are made before the first write")]
    private partial void LogNotMade(string problem);
}
