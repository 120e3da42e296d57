using System.Buffers;
using System.Numerics.Tensors;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Som;

/// <summary>A square map of codebook vectors (row-major nodes) and the nearest-node search over it.</summary>
internal sealed class SelfOrganizingMap
{
    // Dimension-major copy of the codebook and the nodes' squared norms: the search then runs as a few long SIMD
    // passes over all nodes (|c|^2 - 2 c.x) instead of one short distance call per node.
    private float[] _byDimension = [];
    private float[] _squaredNorms = [];

    public SelfOrganizingMap(int side, int dimension, float[] codebook)
    {
        if (codebook.Length != side * side * dimension)
        {
            throw new ModelFormatException($"model file: a {side}x{side} map of dimension {dimension} needs {side * side * dimension} values, not {codebook.Length}");
        }

        Side = side;
        Dimension = dimension;
        Codebook = codebook;
        CodebookChanged();
    }

    public int Side { get; }

    public int Dimension { get; }

    public int Nodes => Side * Side;

    /// <summary>The node vectors, <see cref="Nodes"/> × <see cref="Dimension"/>; whoever changes them calls <see cref="CodebookChanged"/>.</summary>
    public float[] Codebook { get; }

    /// <summary>Rebuilds the search structures after the codebook was changed in place.</summary>
    public void CodebookChanged()
    {
        var nodes = Nodes;
        _byDimension = new float[nodes * Dimension];
        _squaredNorms = new float[nodes];
        for (var node = 0; node < nodes; node++)
        {
            var vector = Node(node);
            _squaredNorms[node] = TensorPrimitives.Dot(vector, vector);
            for (var d = 0; d < Dimension; d++)
            {
                _byDimension[d * nodes + node] = vector[d];
            }
        }
    }

    public ReadOnlySpan<float> Node(int node) => Codebook.AsSpan(node * Dimension, Dimension);

    /// <summary>
    /// The best matching unit: the node nearest to <paramref name="vector"/> (lowest index on ties) and its
    /// Euclidean distance, computed exactly for the winner so that a line lying on a node scores 0.
    /// </summary>
    public int BestMatch(ReadOnlySpan<float> vector, out float distance)
    {
        var nodes = Nodes;
        var rented = ArrayPool<float>.Shared.Rent(nodes);
        try
        {
            // |c - x|^2 = |c|^2 - 2 c.x + |x|^2; the last term is the same for every node, so it is left out.
            var scores = rented.AsSpan(0, nodes);
            _squaredNorms.CopyTo(scores);
            for (var d = 0; d < Dimension; d++)
            {
                TensorPrimitives.MultiplyAdd(_byDimension.AsSpan(d * nodes, nodes), -2 * vector[d], scores, scores);
            }

            var best = TensorPrimitives.IndexOfMin<float>(scores);
            distance = TensorPrimitives.Distance(vector, Node(best));
            return best;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
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
