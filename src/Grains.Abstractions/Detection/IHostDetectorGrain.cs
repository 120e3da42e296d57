using Orleans.Concurrency;

namespace Lad.Grains.Abstractions.Detection;

/// <summary>Learns one host's normal logs and flags its anomalous lines; keyed by <see cref="HostKey.ToGrainKey"/>.</summary>
public interface IHostDetectorGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the detector runs: trains when it has no stored model, then polls on its timer.
    /// Calling it on a running detector does nothing.</summary>
    Task StartAsync();

    /// <summary>The detector's current state and counters.</summary>
    /// <remarks>Answered between the steps of a running poll (it only reads), so a long batch or a MongoDB outage
    /// never makes a status request wait or time out.</remarks>
    [AlwaysInterleave]
    Task<HostStatus> GetStatusAsync();

    /// <summary>Starts a retraining now (in the background; detection continues with the current model until it
    /// finishes). Does nothing when a training is already running; starts the detector when it was not running.</summary>
    Task RetrainAsync();

    /// <summary>Stops polling and any training, then lets the activation go; <see cref="StartAsync"/> resumes from the
    /// stored checkpoint.</summary>
    Task StopAsync();
}
