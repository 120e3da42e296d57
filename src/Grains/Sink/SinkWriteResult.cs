namespace Lad.Grains.Sink;

/// <summary>What one sink write did.</summary>
/// <param name="Inserted">Anomalies written for the first time.</param>
/// <param name="AlreadyPresent">Anomalies already written by an earlier (retried) batch; they were refreshed, not duplicated.</param>
public sealed record SinkWriteResult(int Inserted, int AlreadyPresent);
