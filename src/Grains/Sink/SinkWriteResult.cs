using Lad.Grains.DeadLetters;

namespace Lad.Grains.Sink;

/// <summary>What one sink write did.</summary>
/// <param name="Inserted">Anomalies written for the first time.</param>
/// <param name="AlreadyPresent">Anomalies already written by an earlier (retried) batch; they were refreshed, not duplicated.</param>
/// <param name="DeadLettered">Anomalies that could not be written and were set aside in the dead-letter collection instead.</param>
public sealed record SinkWriteResult(int Inserted, int AlreadyPresent, IReadOnlyList<DeadLetter> DeadLettered)
{
    /// <summary>The result of writing nothing.</summary>
    public static SinkWriteResult Empty { get; } = new(0, 0, []);
}
