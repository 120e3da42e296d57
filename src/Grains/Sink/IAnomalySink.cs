namespace Lad.Grains.Sink;

/// <summary>Where a detector's anomalies go: MongoDB, a file, standard output.</summary>
/// <remarks>Writing the same anomaly again (a batch replayed after a crash) must not duplicate it where the sink can
/// know it: the anomaly's id (<see cref="AnomalyDocument.IdOf"/>) is the same for the same line.</remarks>
public interface IAnomalySink
{
    /// <summary>Writes <paramref name="anomalies"/> that came from <paramref name="sourceCollection"/>.</summary>
    /// <param name="sourceCollection">The source the records were read from (an input collection, a file).</param>
    /// <param name="targetCollection">The collection receiving them, where the sink has collections.</param>
    /// <param name="anomalies">The anomalies; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were new, already there, or could not be written (those the caller reports and goes on).</returns>
    Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string targetCollection, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken);
}
