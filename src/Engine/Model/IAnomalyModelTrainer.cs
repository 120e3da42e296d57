using Lad.Engine.Source;

namespace Lad.Engine.Model;

/// <summary>Learns an <see cref="IAnomalyModel"/> from a host's history, labels unknown.</summary>
public interface IAnomalyModelTrainer
{
    /// <summary>The model kind this trainer produces.</summary>
    string Kind { get; }

    /// <summary>Trains on <paramref name="history"/> (oldest first) and calibrates the threshold.</summary>
    IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default);

    /// <summary>
    /// Trains as <see cref="Train(IReadOnlyList{LogRecord}, CancellationToken)"/>, knowing lines people confirmed
    /// anomalous (true-positive feedback): a model that calibrates its threshold on the history keeps it below their
    /// scores. Models whose threshold does not come from the history (a fixed rule, a sigma of training scores) train
    /// as without them.
    /// </summary>
    IAnomalyModel Train(IReadOnlyList<LogRecord> history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken) =>
        Train(history, cancellationToken);

    /// <summary>
    /// Trains as <see cref="Train(IReadOnlyList{LogRecord}, IReadOnlyList{LogRecord}, CancellationToken)"/> from a
    /// history that may not be in memory (a file read for each pass). A kind that can train in passes over it overrides
    /// this; the others need the lines together, so they are read into memory here.
    /// </summary>
    IAnomalyModel Train(HistorySource history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Train(history.Read().ToList(), confirmedAnomalies, cancellationToken);
    }
}
