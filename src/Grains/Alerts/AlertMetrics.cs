using System.Collections.Concurrent;

namespace Lad.Grains.Alerts;

/// <summary>This silo's alert requests per receiver, accepted and failed, read by the <c>/metrics</c> endpoint.</summary>
/// <remarks>Only the silo holding the delivery lease sends, so its counts are the cluster's while it holds it.</remarks>
public sealed class AlertMetrics
{
    private readonly ConcurrentDictionary<string, long[]> _receivers = new(StringComparer.Ordinal);

    /// <summary>Counts a request <paramref name="receiver"/> accepted.</summary>
    public void Delivered(string receiver) => Interlocked.Increment(ref Counters(receiver)[0]);

    /// <summary>Counts a request to <paramref name="receiver"/> that failed (it is retried).</summary>
    public void Failed(string receiver) => Interlocked.Increment(ref Counters(receiver)[1]);

    /// <summary>Each receiver that was sent to, ordered by name, with its accepted and failed requests.</summary>
    public IReadOnlyList<(string Receiver, long Delivered, long Failed)> Receivers() =>
        [.. _receivers.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, Interlocked.Read(ref r.Value[0]), Interlocked.Read(ref r.Value[1])))];

    private long[] Counters(string receiver) => _receivers.GetOrAdd(receiver, _ => new long[2]);
}
