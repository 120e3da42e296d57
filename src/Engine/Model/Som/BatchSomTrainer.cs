using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Lad.Engine.Model.Som;

/// <summary>
/// Batch SOM in the manner of SOMPY: PCA or random initialisation, then a rough phase with a wide, shrinking
/// Gaussian neighbourhood and a finetune phase with a narrow one. Each epoch assigns every (distinct, weighted)
/// vector to its best matching unit and moves every node to the neighbourhood-weighted mean of the data, which
/// equals training on the repeated vectors one by one but costs only as much as the distinct ones.
/// </summary>
internal sealed class BatchSomTrainer(SomOptions options, int seed)
{
    /// <summary>Trains a map on <paramref name="data"/> (rows of <paramref name="dimension"/> values) with row <paramref name="weights"/>.</summary>
    public SelfOrganizingMap Train(float[] data, double[] weights, int dimension, CancellationToken cancellationToken)
    {
        var side = options.SompyNodeMap;
        var map = new SelfOrganizingMap(side, dimension, new float[side * side * dimension]);
        if (options.SompyInit == SomInit.Pca)
        {
            InitialisePca(map, data, weights);
        }
        else
        {
            InitialiseRandom(map, data);
        }

        // SOMPY's radius schedule: a PCA start is already ordered, so it needs a smaller rough radius.
        var roughStart = Math.Max(1.0, Math.Ceiling(side / (options.SompyInit == SomInit.Pca ? 8.0 : 3.0)));
        var roughEnd = Math.Max(1.0, roughStart / 4);
        var fineStart = Math.Max(1.0, roughEnd / 4);
        RunPhase(map, data, weights, options.SompyTrainRoughLen, roughStart, roughEnd, cancellationToken);
        RunPhase(map, data, weights, options.SompyTrainFinetuneLen, fineStart, 1.0, cancellationToken);
        map.CodebookChanged();
        return map;
    }

    private static void RunPhase(SelfOrganizingMap map, float[] data, double[] weights, int epochs, double startRadius, double endRadius, CancellationToken cancellationToken)
    {
        var rows = weights.Length;
        var dim = map.Dimension;
        var bmu = new int[rows];
        var sums = new double[map.Nodes * dim];
        var mass = new double[map.Nodes];
        var kernel = new double[map.Nodes * map.Nodes];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var radius = epochs == 1 ? endRadius : startRadius + (endRadius - startRadius) * epoch / (epochs - 1);
            var denominator = 2 * radius * radius;

            // Each row's best match is independent, so the parallel loop stays deterministic.
            map.CodebookChanged();
            Parallel.For(0, rows, r => bmu[r] = map.BestMatch(data.AsSpan(r * dim, dim), out _));
            Array.Clear(sums);
            Array.Clear(mass);
            for (var r = 0; r < rows; r++)
            {
                var w = weights[r];
                var target = sums.AsSpan(bmu[r] * dim, dim);
                var row = data.AsSpan(r * dim, dim);
                for (var d = 0; d < dim; d++)
                {
                    target[d] += w * row[d];
                }

                mass[bmu[r]] += w;
            }

            Parallel.For(0, map.Nodes, node =>
            {
                for (var other = 0; other < map.Nodes; other++)
                {
                    kernel[node * map.Nodes + other] = Math.Exp(-map.GridDistanceSquared(node, other) / denominator);
                }
            });
            Parallel.For(0, map.Nodes, () => new double[dim], (node, _, acc) =>
            {
                Array.Clear(acc);
                double total = 0;
                for (var other = 0; other < map.Nodes; other++)
                {
                    if (mass[other] == 0)
                    {
                        continue;
                    }

                    var h = kernel[node * map.Nodes + other];
                    TensorPrimitives.MultiplyAdd(sums.AsSpan(other * dim, dim), h, acc, acc);
                    total += h * mass[other];
                }

                if (total > 1e-12)
                {
                    var target = map.Codebook.AsSpan(node * dim, dim);
                    for (var d = 0; d < dim; d++)
                    {
                        target[d] = (float)(acc[d] / total);
                    }
                }

                return acc;
            }, _ => { });
        }
    }

    private static void InitialisePca(SelfOrganizingMap map, float[] data, double[] weights)
    {
        var dim = map.Dimension;
        var rows = weights.Length;
        var total = weights.Sum();
        var mean = new double[dim];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < dim; d++)
            {
                mean[d] += weights[r] * data[r * dim + d] / total;
            }
        }

        var covariance = Matrix<double>.Build.Dense(dim, dim);
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < dim; i++)
            {
                var xi = data[r * dim + i] - mean[i];
                for (var j = i; j < dim; j++)
                {
                    covariance[i, j] += weights[r] * xi * (data[r * dim + j] - mean[j]) / total;
                }
            }
        }

        for (var i = 0; i < dim; i++)
        {
            for (var j = 0; j < i; j++)
            {
                covariance[i, j] = covariance[j, i];
            }
        }

        // Symmetric EVD returns eigenvalues in ascending order: the last two span the widest plane of the data.
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var first = evd.EigenVectors.Column(dim - 1) * Math.Sqrt(Math.Max(0, evd.EigenValues[dim - 1].Real));
        var second = dim > 1 ? evd.EigenVectors.Column(dim - 2) * Math.Sqrt(Math.Max(0, evd.EigenValues[dim - 2].Real)) : first * 0;
        var side = map.Side;
        for (var node = 0; node < map.Nodes; node++)
        {
            var a = side == 1 ? 0 : 2.0 * (node / side) / (side - 1) - 1;
            var b = side == 1 ? 0 : 2.0 * (node % side) / (side - 1) - 1;
            for (var d = 0; d < dim; d++)
            {
                map.Codebook[node * dim + d] = (float)(mean[d] + a * first[d] + b * second[d]);
            }
        }
    }

    private void InitialiseRandom(SelfOrganizingMap map, float[] data)
    {
        var dim = map.Dimension;
        var min = new float[dim];
        var max = new float[dim];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (var i = 0; i < data.Length; i++)
        {
            min[i % dim] = Math.Min(min[i % dim], data[i]);
            max[i % dim] = Math.Max(max[i % dim], data[i]);
        }

        var random = new Random(seed);
        for (var i = 0; i < map.Codebook.Length; i++)
        {
            map.Codebook[i] = min[i % dim] + (float)random.NextDouble() * (max[i % dim] - min[i % dim]);
        }
    }
}
