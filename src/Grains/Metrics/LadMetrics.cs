using System.Collections.Concurrent;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Alerts;

namespace Lad.Grains.Metrics;

/// <summary>The silo's detection metrics per source and host, read by the <c>/metrics</c> endpoint.</summary>
/// <remarks>Counts what this silo did since it started; a host that moved silos is counted by each, and Prometheus sums them.</remarks>
public sealed class LadMetrics
{
    private readonly ConcurrentDictionary<HostKey, HostMetrics> _hosts = new();

    /// <summary>Alert requests per receiver.</summary>
    public AlertMetrics Alerts { get; } = new();

    /// <summary>The counters of <paramref name="host"/>, created on first use.</summary>
    /// <param name="host">The source collection and host name.</param>
    public HostMetrics For(HostKey host) => _hosts.GetOrAdd(host, _ => new HostMetrics());

    /// <summary>Drops every series of <paramref name="host"/>: it was removed from its source (or found unregistered),
    /// and a scrape showing it idle for ever after would keep alerts on it alive. Added again, it counts from zero,
    /// which Prometheus reads as a counter reset.</summary>
    /// <param name="host">The source collection and host name.</param>
    public void Forget(HostKey host) => _hosts.TryRemove(host, out _);

    /// <summary>Every host seen so far and not forgotten, ordered by source then host name (stable scrapes).</summary>
    public IReadOnlyList<KeyValuePair<HostKey, HostMetrics>> Hosts() =>
        [.. _hosts.OrderBy(h => h.Key.Collection, StringComparer.Ordinal).ThenBy(h => h.Key.Hostname, StringComparer.Ordinal)];
}
