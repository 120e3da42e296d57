using System.Numerics.Tensors;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Som;

/// <summary>Word2Vec vectors of the training vocabulary; turns a token sequence into the mean of its known word vectors.</summary>
internal sealed class WordVectors
{
    private readonly Dictionary<string, int> _index;
    private readonly string[] _words;
    private readonly float[] _vectors;

    public WordVectors(string[] words, float[] vectors, int dimension)
    {
        if (vectors.Length != words.Length * dimension)
        {
            throw new ModelFormatException($"model file: {words.Length} words need {words.Length * dimension} vector values, not {vectors.Length}");
        }

        _words = words;
        _vectors = vectors;
        Dimension = dimension;
        _index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            if (!_index.TryAdd(words[i], i))
            {
                throw new ModelFormatException($"model file: word '{words[i]}' appears twice in the vocabulary");
            }
        }
    }

    public int Dimension { get; }

    public int Count => _words.Length;

    public bool Contains(string word) => _index.ContainsKey(word);

    public ReadOnlySpan<float> Vector(int word) => _vectors.AsSpan(word * Dimension, Dimension);

    /// <summary>Writes the mean vector of the known tokens into <paramref name="destination"/> (zeros when none is known) and returns how many were known.</summary>
    public int MeanVector(IReadOnlyList<string> tokens, Span<float> destination)
    {
        destination.Clear();
        var known = 0;
        foreach (var token in tokens)
        {
            if (_index.TryGetValue(token, out var word))
            {
                TensorPrimitives.Add(destination, Vector(word), destination);
                known++;
            }
        }

        if (known > 1)
        {
            TensorPrimitives.Divide(destination, known, destination);
        }

        return known;
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(Dimension);
        writer.Write(_words.Length);
        foreach (var word in _words)
        {
            writer.Write(word);
        }

        writer.Write(_vectors);
    }

    public static WordVectors ReadFrom(ModelReader reader)
    {
        var dimension = reader.ReadInt32();
        if (dimension is < 1 or > 1000)
        {
            throw new ModelFormatException($"model file: word vector dimension {dimension} is invalid");
        }

        var words = new string[reader.ReadCount("vocabulary", 2)];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = reader.ReadString("vocabulary word");
        }

        return new WordVectors(words, reader.ReadSingleArray("word vectors"), dimension);
    }
}
