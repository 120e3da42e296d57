using Lad.Engine.Model.Som;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Lof;

/// <summary>
/// Turns a line's words into the vector the LOF model compares: the mean Word2Vec vector of its known words (the
/// <c>som</c> model's encoding) plus one more component, the share of its words training never saw times the spread
/// of the training vectors. Without it, a line of words all unknown would be the zero vector, which can lie among
/// normal lines; the fork instead added such words to the vocabulary while scoring, with untrained vectors, which
/// changed the model on every inference. Here the vocabulary is fixed at training and unknown words move a line away
/// from every training line by as much as their share: a line of new words only lies farther from each training line
/// than any two training lines lie apart.
/// </summary>
internal sealed class LineEncoder
{
    private readonly WordVectors _words;
    private readonly double _unknownScale;

    public LineEncoder(WordVectors words, double unknownScale)
    {
        if (!(unknownScale > 0) || !double.IsFinite(unknownScale))
        {
            throw new ModelFormatException($"model file: the lof encoder's unknown-word scale {unknownScale} is not a positive number");
        }

        _words = words;
        _unknownScale = unknownScale;
    }

    /// <summary>Components of an encoded line.</summary>
    public int Dimension => _words.Dimension + 1;

    public WordVectors Words => _words;

    /// <summary>Encodes <paramref name="sentence"/> into <paramref name="destination"/> and returns how many of its words are known.</summary>
    public int Encode(IReadOnlyList<string> sentence, Span<float> destination)
    {
        var known = _words.MeanVector(sentence, destination[..^1]);
        destination[^1] = sentence.Count == 0 ? 0 : (float)(_unknownScale * (sentence.Count - known) / sentence.Count);
        return known;
    }

    /// <summary>
    /// A bound on how far apart training lines lie: twice the largest distance of a training vector from their mean
    /// (at least the largest distance between two of them; 1 when they are all alike).
    /// </summary>
    public static double Spread(float[] rows, IReadOnlyList<long> counts, int dimension)
    {
        double total = counts.Sum();
        var mean = new double[dimension];
        for (var r = 0; r < counts.Count; r++)
        {
            for (var d = 0; d < dimension; d++)
            {
                mean[d] += counts[r] * rows[r * dimension + d] / total;
            }
        }

        double radius = 0;
        for (var r = 0; r < counts.Count; r++)
        {
            double squared = 0;
            for (var d = 0; d < dimension; d++)
            {
                var x = rows[r * dimension + d] - mean[d];
                squared += x * x;
            }

            radius = Math.Max(radius, Math.Sqrt(squared));
        }

        return radius > 1e-9 ? 2 * radius : 1;
    }

    public void WriteTo(ModelWriter writer)
    {
        _words.WriteTo(writer);
        writer.Write(_unknownScale);
    }

    public static LineEncoder ReadFrom(ModelReader reader) => new(WordVectors.ReadFrom(reader), reader.ReadDouble());
}
