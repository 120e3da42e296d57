using Orleans.Concurrency;

namespace Lad.Grains.Polling;

/// <summary>The side of a host detector its collection's shared poll talks to (silo-internal).</summary>
public interface IHostPollTarget : IGrainWithStringKey
{
    /// <summary>Takes what the shared poll found for this host and handles it soon (in a call of its own, so the poll
    /// does not wait for scoring).</summary>
    /// <param name="handover">The host's new documents, or the request to read for itself.</param>
    /// <returns>False when the host is not running (stopped): the poll stops telling it until it starts again.</returns>
    /// <remarks>Interleaved: the host may be waiting on the poll itself (its watch), and taking a handover only queues it.</remarks>
    [AlwaysInterleave]
    Task<bool> HandOverAsync(PollHandover handover);

    /// <summary>Handles what was handed over (scores it, or reads for itself where the handover cannot be trusted).</summary>
    Task HandleHandoverAsync();
}
