using Lad.Engine.Model.Som;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Lof;

/// <summary>
/// Trains a <see cref="LofModel"/>: mines templates, groups the history into distinct (level, masked line) sentences
/// with counts, learns Word2Vec on them once (scoring never adds to the vocabulary), encodes them (<see cref="LineEncoder"/>),
/// merges sentences whose vectors are equal, and fits the local outlier factor on the weighted distinct vectors.
/// </summary>
public sealed class LofTrainer : IAnomalyModelTrainer
{
    private readonly LofOptions _options;
    private readonly SomOptions _word2Vec;
    private readonly int _seed;

    /// <summary>Creates a trainer; throws <see cref="ArgumentException"/> naming a bad option.</summary>
    /// <param name="options">LOF_NEIGHBORS and LOF_METRIC.</param>
    /// <param name="word2Vec">The seed's Word2Vec settings (TRAIN_VECTOR_LENGTH, TRAIN_WINDOW, W2V_*); the map settings are not used.</param>
    /// <param name="seed">W2V_SEED.</param>
    public LofTrainer(LofOptions options, SomOptions word2Vec, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(word2Vec);
        options.Validate();
        word2Vec.Validate();
        _options = options;
        _word2Vec = word2Vec;
        _seed = seed;
    }

    /// <inheritdoc />
    public string Kind => LofModel.KindName;

    /// <inheritdoc />
    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Train(HistorySource.Of(history), [], cancellationToken);
    }

    /// <summary>Reads the history once, keeping only its distinct lines (<see cref="DistinctLines"/>). Confirmed anomalies are not used: its threshold is the fixed LOF cut-off.</summary>
    public IAnomalyModel Train(HistorySource history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count < 2)
        {
            throw new ArgumentException($"the lof model needs at least 2 history lines to train on, got {history.Count}", nameof(history));
        }

        var distinct = DistinctLines.Learn(history.Read(), cancellationToken);
        var (miner, examples, counts) = (distinct.Miner, distinct.Examples, distinct.Counts);
        var sentences = examples.Select(r => SomSentence.Build(miner, r)).ToArray();
        var words = new Word2VecTrainer(_word2Vec, _seed).Train(sentences, counts, cancellationToken);
        var wordRows = new float[sentences.Length * words.Dimension];
        for (var i = 0; i < sentences.Length; i++)
        {
            words.MeanVector(sentences[i], wordRows.AsSpan(i * words.Dimension, words.Dimension));
        }

        var encoder = new LineEncoder(words, LineEncoder.Spread(wordRows, counts, words.Dimension));
        var dim = encoder.Dimension;
        var rows = new float[sentences.Length * dim];
        for (var i = 0; i < sentences.Length; i++)
        {
            encoder.Encode(sentences[i], rows.AsSpan(i * dim, dim));
        }

        var points = WeightedPoints.Distinct(rows, counts, dim, out var pointOfRow);
        var lof = LocalOutlierFactor.Fit(points, _options.Neighbors, _options.Metric, cancellationToken);
        return new LofModel(miner, encoder, lof, Examples(points.Count, pointOfRow, counts, examples), distinct.Lines);
    }

    /// <summary>Each distinct vector's most frequent training line, shown as the nearest normal line.</summary>
    private static string[] Examples(int points, int[] pointOfRow, List<long> counts, List<LogRecord> rows)
    {
        var best = new int[points];
        Array.Fill(best, -1);
        for (var r = 0; r < pointOfRow.Length; r++)
        {
            var point = pointOfRow[r];
            if (best[point] < 0 || counts[r] > counts[best[point]])
            {
                best[point] = r;
            }
        }

        return best.Select(r => rows[r].Message).ToArray();
    }
}
