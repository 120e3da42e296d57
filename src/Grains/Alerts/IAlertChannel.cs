namespace Lad.Grains.Alerts;

/// <summary>A receiver of incident alerts.</summary>
public interface IAlertChannel
{
    /// <summary>Names the receiver in the queue and the log (<c>webhook</c>, <c>alertmanager</c>).</summary>
    string Name { get; }

    /// <summary>Most entries one request carries.</summary>
    int MaxBatch { get; }

    /// <summary>How often an unresolved incident must be sent again to stay alive at the receiver; null: never.</summary>
    TimeSpan? Resend { get; }

    /// <summary>Sends the entries in one request.</summary>
    /// <exception cref="AlertDeliveryException">The receiver did not accept them (unreachable, timed out, or not 2xx).</exception>
    Task SendAsync(IReadOnlyList<AlertQueueEntry> entries, CancellationToken cancellationToken);
}
