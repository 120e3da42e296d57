namespace Lad.Engine.Model.Lof;

/// <summary>
/// Distinct vectors, each with how many training lines it stands for. Log lines repeat, so a history of a million
/// lines is typically a few thousand distinct vectors; every neighbour search works on those, and the counts weigh
/// each one's copies in the factor's means.
/// </summary>
internal sealed class WeightedPoints
{
    public WeightedPoints(float[] vectors, long[] counts, int dimension)
    {
        if (dimension < 1 || vectors.Length != counts.Length * dimension)
        {
            throw new ArgumentException($"{counts.Length} points of dimension {dimension} need {counts.Length * dimension} values, not {vectors.Length}");
        }

        Vectors = vectors;
        Counts = counts;
        Dimension = dimension;
        Total = counts.Sum();
    }

    public float[] Vectors { get; }

    public long[] Counts { get; }

    public int Dimension { get; }

    /// <summary>Distinct vectors.</summary>
    public int Count => Counts.Length;

    /// <summary>Lines the vectors stand for (the sum of the counts).</summary>
    public long Total { get; }

    public ReadOnlySpan<float> Vector(int point) => Vectors.AsSpan(point * Dimension, Dimension);

    /// <summary>
    /// Merges equal rows of <paramref name="rows"/> (each <paramref name="dimension"/> values, standing for
    /// <paramref name="counts"/> lines) into distinct points in order of first appearance, summing their counts;
    /// <paramref name="pointOfRow"/> tells which point each row became.
    /// </summary>
    public static WeightedPoints Distinct(float[] rows, IReadOnlyList<long> counts, int dimension, out int[] pointOfRow)
    {
        var index = new Dictionary<float[], int>(new ValueComparer());
        var vectors = new List<float>();
        var merged = new List<long>();
        pointOfRow = new int[counts.Count];
        for (var r = 0; r < counts.Count; r++)
        {
            var row = rows.AsSpan(r * dimension, dimension).ToArray();
            for (var d = 0; d < row.Length; d++)
            {
                row[d] += 0f; // -0 becomes +0, so rows at distance 0 are equal rows
            }

            if (!index.TryGetValue(row, out var point))
            {
                point = merged.Count;
                index.Add(row, point);
                vectors.AddRange(row);
                merged.Add(0);
            }

            merged[point] += counts[r];
            pointOfRow[r] = point;
        }

        return new WeightedPoints([.. vectors], [.. merged], dimension);
    }

    private sealed class ValueComparer : IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(float[] vector)
        {
            var hash = new HashCode();
            foreach (var value in vector)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
