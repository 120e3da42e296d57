namespace Lad.Grains.Sink;

/// <summary>Where a detector's anomalies go: a MongoDB collection, a MySQL table, an NDJSON file, standard output.</summary>
/// <remarks>Each anomaly has a deterministic id (<see cref="AnomalyDocument.IdOf"/>), the same for the same line, so a
/// batch replayed after a crash or timeout writes nothing twice wherever the sink can read back what it holds (every sink
/// but standard output). An anomaly that fails on its own account (not serialisable, too large, refused by the store) is
/// returned in <see cref="SinkWriteResult.DeadLettered"/> (the database sinks also keep it in LAD's dead letters) and
/// the rest are written; any other failure throws, so the
/// caller retries the whole batch from its checkpoint.</remarks>
public interface IAnomalySink
{
    /// <summary>Writes <paramref name="anomalies"/> that came from <paramref name="sourceCollection"/>.</summary>
    /// <param name="sourceCollection">The source the records were read from (an input collection or table, a file).</param>
    /// <param name="target">The collection or table receiving them; a sink with a single destination (a file,
    /// standard output) ignores it.</param>
    /// <param name="anomalies">The anomalies; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were new, already there, or could not be written (those the caller reports and goes on).</returns>
    Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string target, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken);
}
