using System.Threading.RateLimiting;
using Lad.Grains.Metrics;
using Lad.Grains.Retry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lad.Grains.Alerts;

/// <summary>The delivery loop: on the silo holding the <see cref="DeliveryLease"/>, sends the due queue entries to their
/// receivers, at most <c>ALERT_RATE_LIMIT</c> requests per minute each, retrying failures with <see cref="RetryBackoff"/>.</summary>
/// <remarks>A hosted service on every silo rather than a grain: it must run without being called, survive the silo that
/// holds it (the lease passes on), and keep sending while grains are busy. A receiver that fails is left alone until its
/// failed entry's next attempt, so a dead receiver costs one request per backoff step, and the other receiver goes on.</remarks>
internal sealed partial class AlertDeliveryService(
    MongoAlertQueue queue,
    DeliveryLease lease,
    AlertBacklog backlog,
    IEnumerable<IAlertChannel> channels,
    IOptions<AlertOptions> options,
    LadMetrics metrics,
    TimeProvider time,
    ILogger<AlertDeliveryService> logger) : BackgroundService
{
    private readonly IReadOnlyDictionary<string, IAlertChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RateLimiter> _limits = new(StringComparer.Ordinal);
    private bool _leader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_channels.Count == 0)
        {
            return;
        }

        var settings = options.Value;
        foreach (var name in _channels.Keys)
        {
            _limits[name] = AlertRateLimit.Create(settings.RateLimitPerMinute);
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A round ends within its lease and one request when MongoDB and the receivers answer; one still waiting
                // after that waits for a reply that is not coming, and would hold every alert of the silo behind it.
                try
                {
                    await StepDeadline.RunAsync(settings.LeaseDuration + settings.RequestTimeout, time, stoppingToken, token => RoundAsync(settings, token));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(e.Message);
                }

                await backlog.WaitAsync(settings.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            foreach (var limit in _limits.Values)
            {
                limit.Dispose();
            }

            if (_leader)
            {
                using var release = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await lease.ReleaseAsync(release.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RoundAsync(AlertOptions settings, CancellationToken cancellationToken)
    {
        await FlushBacklogAsync(cancellationToken);
        var leader = await lease.TryHoldAsync(settings.LeaseDuration, cancellationToken);
        if (leader != _leader)
        {
            _leader = leader;
            LogLeadership(lease.Holder, leader ? "took" : "lost");
        }

        if (!leader)
        {
            return;
        }

        // A round ends well within the lease it renewed, so a slow receiver cannot keep it past the lease and let another
        // silo send the same entries; what is left is due again next round.
        var roundEnds = time.GetUtcNow() + settings.LeaseDuration / 2;
        var due = await queue.DueAsync([.. _channels.Keys], 256, cancellationToken);
        foreach (var group in due.GroupBy(e => e.Channel, StringComparer.Ordinal))
        {
            var channel = _channels[group.Key];
            foreach (var batch in group.Chunk(channel.MaxBatch))
            {
                if (time.GetUtcNow() > roundEnds)
                {
                    return;
                }

                if (_pausedUntil.TryGetValue(channel.Name, out var paused) && paused > time.GetUtcNow())
                {
                    break;
                }

                // What the rate limit holds back waits for a later round (newer states of its incidents supersede it
                // meanwhile); a round never waits for permits, so the lease is renewed on time.
                using var permit = _limits[channel.Name].AttemptAcquire(1);
                if (!permit.IsAcquired)
                {
                    break;
                }

                await SendAsync(channel, batch, settings, cancellationToken);
            }
        }
    }

    private async Task SendAsync(IAlertChannel channel, IReadOnlyList<AlertQueueEntry> batch, AlertOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            await channel.SendAsync(batch, cancellationToken);
        }
        catch (AlertDeliveryException e)
        {
            var wait = settings.Backoff.After(batch.Max(b => b.Attempts) + 1);
            _pausedUntil[channel.Name] = time.GetUtcNow() + wait;
            metrics.Alerts.Failed(channel.Name);
            LogFailed(channel.Name, batch.Count, wait.TotalSeconds, e.Message);
            foreach (var entry in batch)
            {
                await queue.FailedAsync(entry, wait, e.Message, cancellationToken);
            }

            return;
        }

        _pausedUntil.Remove(channel.Name);
        metrics.Alerts.Delivered(channel.Name);
        foreach (var entry in batch)
        {
            await queue.DeliveredAsync(entry, channel.Resend, cancellationToken);
            LogDelivered(channel.Name, entry.Incident.Id, entry.Event, entry.Incident.Count);
        }
    }

    private async Task FlushBacklogAsync(CancellationToken cancellationToken)
    {
        var held = backlog.TakeAll();
        if (held.Count == 0)
        {
            return;
        }

        try
        {
            await queue.EnqueueAsync(held, [.. _channels.Keys], cancellationToken);
            backlog.Queued();
            LogFlushed(held.Count);
        }
        catch
        {
            backlog.PutBack(held);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert delivery: silo {Holder} {What} the delivery lease")]
    private partial void LogLeadership(string holder, string what);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert sent to {Channel}: incident {Incident} {Event} ({Count} anomalies)")]
    private partial void LogDelivered(string channel, string incident, string @event, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert delivery to {Channel} failed for {Count} incident(s), retrying in {Seconds} s: {Error}")]
    private partial void LogFailed(string channel, int count, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert queue: {Count} incident change(s) held in memory are queued now")]
    private partial void LogFlushed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert delivery round failed (retrying): {Error}")]
    private partial void LogRoundFailed(string error);
}
