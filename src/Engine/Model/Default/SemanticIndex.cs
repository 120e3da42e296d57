using System.Buffers;
using System.Numerics.Tensors;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default;

/// <summary>
/// TF-IDF word vectors of the training templates, searched by cosine through an inverted index, so a line whose
/// template is new can still be recognised as "like" a normal one. IDF is over training lines; a word never seen
/// in training gets the largest IDF, which pulls the line away from every template.
/// </summary>
internal sealed class SemanticIndex
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly float[] _idf;
    private readonly float _unseenIdf;
    private readonly List<(int Template, float Weight)>[] _postings;
    private readonly int _templateCount;

    private SemanticIndex(Dictionary<string, int> vocabulary, float[] idf, float unseenIdf, IReadOnlyList<IReadOnlyList<string>> templateWords)
    {
        _vocabulary = vocabulary;
        _idf = idf;
        _unseenIdf = unseenIdf;
        _templateCount = templateWords.Count;
        _postings = new List<(int, float)>[idf.Length];
        for (var t = 0; t < templateWords.Count; t++)
        {
            var ids = templateWords[t].Where(vocabulary.ContainsKey).Select(w => vocabulary[w]).Distinct().ToArray();
            if (ids.Length == 0)
            {
                continue;
            }

            var weights = ids.Select(id => idf[id]).ToArray();
            var norm = TensorPrimitives.Norm<float>(weights);
            TensorPrimitives.Divide(weights, norm, weights);
            for (var k = 0; k < ids.Length; k++)
            {
                (_postings[ids[k]] ??= []).Add((t, weights[k]));
            }
        }
    }

    /// <summary>Builds the index from per-line document frequencies and each template's words.</summary>
    public static SemanticIndex Build(IReadOnlyDictionary<string, long> documentFrequency, long lines, IReadOnlyList<IReadOnlyList<string>> templateWords)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var idf = new float[documentFrequency.Count];
        foreach (var (word, df) in documentFrequency.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            idf[vocabulary.Count] = Idf(df, lines);
            vocabulary.Add(word, vocabulary.Count);
        }

        return new SemanticIndex(vocabulary, idf, Idf(0, lines), templateWords);
    }

    /// <summary>
    /// The template (index into the list given at build) the line's distinct words are most like, with the cosine
    /// between them in [0, 1] and that likeness as it counts: the cosine times the template's weight in
    /// <paramref name="templateWeights"/> (one per template, in [0, 1]), which also chooses the template. The words are looked
    /// up where they sit in the line's buffer, so no string is made.
    /// </summary>
    public (int Template, double Cosine, double Likeness) Nearest(LineWords words, ReadOnlySpan<float> templateWeights)
    {
        if (templateWeights.Length != _templateCount)
        {
            throw new ArgumentException($"{templateWeights.Length} weights for {_templateCount} templates", nameof(templateWeights));
        }

        if (_templateCount == 0)
        {
            return (-1, 0, 0);
        }

        var lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        var weights = ArrayPool<float>.Shared.Rent(Math.Max(1, words.Count));
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, words.Count));
        // The cosines, then the same weighted.
        var scores = ArrayPool<float>.Shared.Rent(2 * _templateCount);
        try
        {
            var distinct = 0;
            for (var w = 0; w < words.Count; w++)
            {
                if (!words.IsRepeat(w))
                {
                    ids[distinct] = lookup.TryGetValue(words[w], out var id) ? id : -1;
                    weights[distinct] = ids[distinct] < 0 ? _unseenIdf : _idf[ids[distinct]];
                    distinct++;
                }
            }

            if (distinct == 0)
            {
                return (-1, 0, 0);
            }

            var norm = TensorPrimitives.Norm<float>(weights.AsSpan(0, distinct));
            Array.Clear(scores, 0, _templateCount);
            for (var i = 0; i < distinct; i++)
            {
                if (ids[i] >= 0 && _postings[ids[i]] is { } postings)
                {
                    var w = weights[i] / norm;
                    foreach (var (template, weight) in postings)
                    {
                        scores[template] += w * weight;
                    }
                }
            }

            var cosines = scores.AsSpan(0, _templateCount);
            var weighted = scores.AsSpan(_templateCount, _templateCount);
            TensorPrimitives.Multiply(cosines, templateWeights, weighted);
            var best = TensorPrimitives.IndexOfMax<float>(weighted);
            return (best, Math.Clamp(cosines[best], 0, 1), Math.Clamp(weighted[best], 0, 1));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<float>.Shared.Return(weights);
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    public void WriteTo(ModelWriter writer)
    {
        // Template words are re-derived from the templates on load; only the vocabulary statistics are stored.
        writer.Write(_vocabulary.Count);
        foreach (var (word, id) in _vocabulary.OrderBy(p => p.Value))
        {
            writer.Write(word);
            writer.Write((double)_idf[id]);
        }

        writer.Write((double)_unseenIdf);
    }

    public static SemanticIndex ReadFrom(ModelReader reader, IReadOnlyList<IReadOnlyList<string>> templateWords)
    {
        var count = reader.ReadCount("vocabulary words", 10);
        var vocabulary = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var idf = new float[count];
        for (var i = 0; i < count; i++)
        {
            var word = reader.ReadString("vocabulary word");
            if (!vocabulary.TryAdd(word, i))
            {
                throw new ModelFormatException($"model file: vocabulary word '{word}' appears twice");
            }

            idf[i] = (float)reader.ReadDouble();
        }

        return new SemanticIndex(vocabulary, idf, (float)reader.ReadDouble(), templateWords);
    }

    private static float Idf(long documentFrequency, long lines) => (float)(Math.Log((lines + 1.0) / (documentFrequency + 1.0)) + 1.0);
}
