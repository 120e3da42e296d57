using Lad.Engine.Parse;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Som;

/// <summary>
/// Trains a <see cref="SomModel"/>: mines templates, groups the history into distinct (level, masked line)
/// sentences with counts, learns Word2Vec on them, standardises their mean vectors, trains a batch SOM on the
/// weighted vectors and calibrates the threshold on the training scores. Work grows with distinct lines, not lines.
/// </summary>
public sealed class SomTrainer : IAnomalyModelTrainer
{
    private readonly SomOptions _options;
    private readonly int _seed;
    private readonly double _thresholdSigma;

    /// <summary>Creates a trainer; throws <see cref="ArgumentException"/> naming a bad option.</summary>
    public SomTrainer(SomOptions options, int seed, double thresholdSigma)
    {
        options.Validate();
        if (!double.IsFinite(thresholdSigma) || thresholdSigma < 0)
        {
            throw new ArgumentException($"threshold sigma (INFER_ANOMALY_THRESHOLD) must be a finite number >= 0, not {thresholdSigma}");
        }

        _options = options;
        _seed = seed;
        _thresholdSigma = thresholdSigma;
    }

    /// <inheritdoc />
    public string Kind => SomModel.KindName;

    /// <inheritdoc />
    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Train(HistorySource.Of(history), [], cancellationToken);
    }

    /// <summary>Reads the history once, keeping only its distinct lines (<see cref="DistinctLines"/>). Confirmed anomalies are not used: its threshold comes from its training distances alone.</summary>
    public IAnomalyModel Train(HistorySource history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("the som model cannot be trained on an empty history");
        }

        var distinct = DistinctLines.Learn(history.Read(), cancellationToken);
        var (miner, examples, counts) = (distinct.Miner, distinct.Examples, distinct.Counts);
        cancellationToken.ThrowIfCancellationRequested();
        var sentences = examples.Select(r => SomSentence.Build(miner, r)).ToArray();
        var words = new Word2VecTrainer(_options, _seed).Train(sentences, counts, cancellationToken);

        var dim = words.Dimension;
        var data = new float[sentences.Length * dim];
        for (var i = 0; i < sentences.Length; i++)
        {
            words.MeanVector(sentences[i], data.AsSpan(i * dim, dim));
        }

        var weights = counts.Select(c => (double)c).ToArray();
        var scaler = FeatureScaler.Fit(data, weights, dim);
        for (var i = 0; i < sentences.Length; i++)
        {
            scaler.Apply(data.AsSpan(i * dim, dim));
        }

        var map = new BatchSomTrainer(_options, _seed).Train(data, weights, dim, cancellationToken);

        var nodes = new int[sentences.Length];
        var distances = new double[sentences.Length];
        for (var i = 0; i < sentences.Length; i++)
        {
            nodes[i] = map.BestMatch(data.AsSpan(i * dim, dim), out var d);
            distances[i] = d;
        }

        // A map that fits every training line exactly (all lines alike) still needs a finite scale.
        var maxDistance = Math.Max(distances.Max(), 1e-6);
        var threshold = SigmaThreshold.Compute(distances.Select(d => d / maxDistance).ToArray(), weights, _thresholdSigma);
        var nodeExamples = NodeExamples(map, nodes, counts, examples);
        return new SomModel(miner, words, scaler, map, nodeExamples, maxDistance, threshold, distinct.Lines);
    }

    /// <summary>
    /// Each node's most frequent training line; a node no line maps to borrows the example of the nearest node
    /// (in codebook space) that has one, so every best match can show a real normal line.
    /// </summary>
    private static string[] NodeExamples(SelfOrganizingMap map, int[] nodes, List<long> counts, List<LogRecord> examples)
    {
        var best = new int[map.Nodes];
        Array.Fill(best, -1);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (best[nodes[i]] < 0 || counts[i] > counts[best[nodes[i]]])
            {
                best[nodes[i]] = i;
            }
        }

        var result = new string[map.Nodes];
        for (var node = 0; node < map.Nodes; node++)
        {
            var source = node;
            if (best[node] < 0)
            {
                var nearest = double.PositiveInfinity;
                for (var other = 0; other < map.Nodes; other++)
                {
                    if (best[other] < 0)
                    {
                        continue;
                    }

                    var d = System.Numerics.Tensors.TensorPrimitives.Distance(map.Node(node), map.Node(other));
                    if (d < nearest)
                    {
                        nearest = d;
                        source = other;
                    }
                }
            }

            result[node] = examples[best[source]].Message;
        }

        return result;
    }
}
