using Lad.Grains.Abstractions.Sources;

namespace Lad.Grains.Sink;

/// <summary>Where anomalies are written, idempotently: each has a deterministic id (<see cref="AnomalyDocument.IdOf"/>),
/// so a batch replayed after a crash or timeout never writes one twice.</summary>
/// <remarks>An anomaly that fails on its own account (too large, refused by the store) is set aside in the dead letters
/// and the rest are written; any other failure throws, so the caller retries the whole batch from its checkpoint.</remarks>
public interface IAnomalySink
{
    /// <summary>The collection or table receiving <paramref name="source"/>'s anomalies.</summary>
    /// <param name="source">The log source.</param>
    string TargetOf(SourceDefinition source);

    /// <summary>Writes <paramref name="anomalies"/> that came from <paramref name="sourceCollection"/>.</summary>
    /// <param name="sourceCollection">The input collection or table the records were read from.</param>
    /// <param name="target">The collection or table receiving them (<see cref="TargetOf"/>).</param>
    /// <param name="anomalies">The anomalies; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<SinkWriteResult> WriteAsync(string sourceCollection, string target, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken);
}
