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
        if (history.Count == 0)
        {
            throw new ArgumentException("the novelty model needs at least one history line to train on", nameof(history));
        }

        var miner = new TemplateMiner();
        for (var i = 0; i < history.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            miner.Learn(history[i].Message);
        }

        return new NoveltyModel(miner, history.Count);
    }
}
