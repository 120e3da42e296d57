using System.Numerics.Tensors;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Som;

/// <summary>A square map of codebook vectors (row-major nodes) and the nearest-node search over it.</summary>
internal sealed class SelfOrganizingMap
{
    public SelfOrganizingMap(int side, int dimension, float[] codebook)
    {
        if (codebook.Length != side * side * dimension)
        {
            throw new ModelFormatException($"model file: a {side}x{side} map of dimension {dimension} needs {side * side * dimension} values, not {codebook.Length}");
        }

        Side = side;
        Dimension = dimension;
        Codebook = codebook;
    }

    public int Side { get; }

    public int Dimension { get; }

    public int Nodes => Side * Side;

    /// <summary>The node vectors, <see cref="Nodes"/> × <see cref="Dimension"/>; the trainer updates them in place.</summary>
    public float[] Codebook { get; }

    public ReadOnlySpan<float> Node(int node) => Codebook.AsSpan(node * Dimension, Dimension);

    /// <summary>The best matching unit: the node nearest to <paramref name="vector"/> (lowest index on ties) and its Euclidean distance.</summary>
    public int BestMatch(ReadOnlySpan<float> vector, out float distance)
    {
        var best = 0;
        var bestDistance = float.PositiveInfinity;
        for (var node = 0; node < Nodes; node++)
        {
            var d = TensorPrimitives.Distance(vector, Node(node));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = node;
            }
        }

        distance = bestDistance;
        return best;
    }

    /// <summary>Squared distance between two nodes on the grid.</summary>
    public int GridDistanceSquared(int a, int b)
    {
        var dr = a / Side - b / Side;
        var dc = a % Side - b % Side;
        return dr * dr + dc * dc;
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(Side);
        writer.Write(Dimension);
        writer.Write(Codebook);
    }

    public static SelfOrganizingMap ReadFrom(ModelReader reader)
    {
        var side = reader.ReadInt32();
        var dimension = reader.ReadInt32();
        if (side is < 1 or > 1000 || dimension is < 1 or > 1000)
        {
            throw new ModelFormatException($"model file: map side {side} or dimension {dimension} is invalid");
        }

        return new SelfOrganizingMap(side, dimension, reader.ReadSingleArray("map codebook"));
    }
}
