using Orleans.Concurrency;

namespace Lad.Grains.Polling;

/// <summary>One input collection's shared poll (keyed by the collection): one read per interval for all the hosts
/// that watch it, handing each host its new documents, so hosts with nothing new cost MongoDB nothing.</summary>
public interface ICollectionPollerGrain : IGrainWithStringKey
{
    /// <summary>Adds a running host to those told of new documents (and starts the poll).</summary>
    /// <param name="hostname">The host.</param>
    /// <returns>The poll's epoch and how often the host reads for itself.</returns>
    /// <remarks>Interleaved: a scan may be waiting on the very host that watches.</remarks>
    [AlwaysInterleave]
    Task<PollWatch> WatchAsync(string hostname);

    /// <summary>Stops telling a host (it was stopped).</summary>
    /// <param name="hostname">The host.</param>
    [AlwaysInterleave]
    Task UnwatchAsync(string hostname);

    /// <summary>When the last scan that reached every watched host finished (UTC); null before the first.</summary>
    [AlwaysInterleave]
    Task<DateTime?> LastScanAsync();
}
