using System.Numerics.Tensors;

namespace Lad.Engine.Model.Som;

/// <summary>
/// Skip-gram Word2Vec with negative sampling, single-threaded and seeded so the same input gives the same vectors.
/// It trains on distinct sentences: each is visited once per epoch, while the weights (how often a sentence
/// occurred) shape the vocabulary cut-off and the negative-sampling distribution. This keeps training time a
/// function of the number of distinct lines, which is what lets a million repetitive log lines train in seconds.
/// </summary>
internal sealed class Word2VecTrainer(SomOptions options, int seed)
{
    private const float StartLearningRate = 0.025f;
    private const float MinLearningRate = 0.0001f;
    private const int UnigramTableSize = 1 << 20;

    public WordVectors Train(IReadOnlyList<string[]> sentences, IReadOnlyList<long> weights, CancellationToken cancellationToken)
    {
        var (words, encoded, counts) = BuildVocabulary(sentences, weights);
        var dim = options.TrainVectorLength;
        var random = new Random(seed);
        var input = new float[words.Length * dim];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() - 0.5) / dim);
        }

        if (words.Length == 0)
        {
            return new WordVectors(words, input, dim);
        }

        var output = new float[words.Length * dim];
        var table = UnigramTable(counts);
        var gradient = new float[dim];
        long totalSteps = (long)options.W2vIter * encoded.Length;
        long step = 0;
        for (var epoch = 0; epoch < options.W2vIter; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var sentence in encoded)
            {
                var rate = Math.Max(MinLearningRate, StartLearningRate * (1 - (float)step++ / totalSteps));
                for (var center = 0; center < sentence.Length; center++)
                {
                    // Like word2vec.c, a random shrink of the window weights near context more than far.
                    var reach = options.TrainWindow - random.Next(options.TrainWindow);
                    var from = Math.Max(0, center - reach);
                    var to = Math.Min(sentence.Length - 1, center + reach);
                    for (var c = from; c <= to; c++)
                    {
                        if (c != center)
                        {
                            TrainPair(sentence[c], sentence[center], rate, input, output, table, gradient, random);
                        }
                    }
                }
            }
        }

        return new WordVectors(words, input, dim);
    }

    private void TrainPair(int context, int target, float rate, float[] input, float[] output, int[] table, float[] gradient, Random random)
    {
        var dim = options.TrainVectorLength;
        var inVector = input.AsSpan(context * dim, dim);
        gradient.AsSpan().Clear();
        for (var n = 0; n <= options.W2vNegative; n++)
        {
            int word;
            float label;
            if (n == 0)
            {
                word = target;
                label = 1;
            }
            else
            {
                word = table[random.Next(table.Length)];
                if (word == target)
                {
                    continue;
                }

                label = 0;
            }

            var outVector = output.AsSpan(word * dim, dim);
            var dot = TensorPrimitives.Dot(inVector, outVector);
            var g = (label - Sigmoid(dot)) * rate;
            TensorPrimitives.MultiplyAdd(outVector, g, gradient, gradient);
            TensorPrimitives.MultiplyAdd(inVector, g, outVector, outVector);
        }

        TensorPrimitives.Add(inVector, gradient, inVector);
    }

    private static float Sigmoid(float x) => x switch
    {
        > 6 => 1,
        < -6 => 0,
        _ => 1 / (1 + MathF.Exp(-x)),
    };

    private (string[] Words, int[][] Encoded, long[] Counts) BuildVocabulary(IReadOnlyList<string[]> sentences, IReadOnlyList<long> weights)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var s = 0; s < sentences.Count; s++)
        {
            foreach (var token in sentences[s])
            {
                counts[token] = counts.GetValueOrDefault(token) + weights[s];
            }
        }

        // Ordinal order (not dictionary order) so the vocabulary, and with it every seeded draw, is reproducible.
        var words = counts.Where(p => p.Value >= options.W2vMinCount).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            index[words[i]] = i;
        }

        var encoded = sentences
            .Select(sentence => sentence.Where(index.ContainsKey).Select(t => index[t]).ToArray())
            .Where(sentence => sentence.Length > 1)
            .ToArray();
        return (words, encoded, words.Select(w => counts[w]).ToArray());
    }

    private static int[] UnigramTable(long[] counts)
    {
        var table = new int[UnigramTableSize];
        var powered = counts.Select(c => Math.Pow(c, 0.75)).ToArray();
        var total = powered.Sum();
        var word = 0;
        var cumulative = powered[0] / total;
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = word;
            if ((double)(i + 1) / table.Length > cumulative && word < counts.Length - 1)
            {
                word++;
                cumulative += powered[word] / total;
            }
        }

        return table;
    }
}
