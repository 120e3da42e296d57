using Lad.Grains.Abstractions.Detection;

namespace Lad.Client.Commands;

/// <summary>Where a retraining stands, read from the host's status and its completed trainings before it was asked.</summary>
internal enum RetrainState
{
    /// <summary>Still training (or waiting to retry a first training that failed: the host retries that itself).</summary>
    Running,

    /// <summary>A newer model than the one in use when retraining was asked is in use.</summary>
    Done,

    /// <summary>The retraining ended without a model; the old one stays in use and no retry follows by itself.</summary>
    Failed,
}

/// <summary>Reads a <see cref="RetrainState"/> from a <see cref="HostStatus"/>.</summary>
internal static class RetrainStates
{
    /// <summary>The retraining's state.</summary>
    /// <param name="status">The host's current status.</param>
    /// <param name="trainingsBefore">Its completed trainings just before retraining was asked.</param>
    public static RetrainState Of(HostStatus status, int trainingsBefore) =>
        status.Trainings > trainingsBefore ? RetrainState.Done
        // A detecting host that no longer trains and says its training failed ran the retraining to a failure; a host
        // without a model (phase training or failed) retries on its own back-off, so waiting goes on.
        : status is { Phase: DetectorPhase.Detecting, RetrainRunning: false, Reason: { } reason } && reason.StartsWith("training failed", StringComparison.Ordinal)
            ? RetrainState.Failed
            : RetrainState.Running;
}
