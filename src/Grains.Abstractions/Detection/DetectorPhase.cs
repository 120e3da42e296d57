namespace Lad.Grains.Abstractions.Detection;

/// <summary>What a host detector is doing.</summary>
public enum DetectorPhase
{
    /// <summary>Not started, or stopped.</summary>
    Idle,

    /// <summary>No model yet: the first training is queued or running.</summary>
    Training,

    /// <summary>Scoring new documents with a trained model (a retraining may run in the background).</summary>
    Detecting,

    /// <summary>The last poll failed, or the first training did; <see cref="HostStatus.Reason"/> says why and when it retries.</summary>
    Failed,
}
