using Lad.Engine.Source;

namespace Lad.Engine.Model;

/// <summary>Learns an <see cref="IAnomalyModel"/> from a host's history, labels unknown.</summary>
public interface IAnomalyModelTrainer
{
    /// <summary>The model kind this trainer produces.</summary>
    string Kind { get; }

    /// <summary>Trains on <paramref name="history"/> (oldest first) and calibrates the threshold.</summary>
    IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default);
}
