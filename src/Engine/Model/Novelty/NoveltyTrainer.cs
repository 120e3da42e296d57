using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Novelty;

/// <summary>Trains a <see cref="NoveltyModel"/>: mines the history's templates with the default miner settings.</summary>
public sealed class NoveltyTrainer : IAnomalyModelTrainer
{
    /// <inheritdoc />
    public string Kind => NoveltyModel.KindName;

    /// <inheritdoc />
    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Train(HistorySource.Of(history), [], cancellationToken);
    }

    /// <summary>Learns the history's templates in one pass as the source reads it, so no more than one line is held. Confirmed anomalies are not used: a never-seen template is its only verdict.</summary>
    public IAnomalyModel Train(HistorySource history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("the novelty model needs at least one history line to train on", nameof(history));
        }

        var miner = new TemplateMiner();
        var lines = 0;
        foreach (var record in history.Read())
        {
            if ((lines++ & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            miner.Learn(record.Message);
        }

        return new NoveltyModel(miner, lines);
    }
}
