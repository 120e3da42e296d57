using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Som;

/// <summary>
/// Per-dimension standardisation fitted on the training vectors. The same scaler is applied to the training data
/// before the map is trained and to every scored line, so map and queries live in the same space (the Python
/// original compared raw query vectors against a map trained on normalised data).
/// </summary>
internal sealed class FeatureScaler
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    private FeatureScaler(double[] mean, double[] scale)
    {
        _mean = mean;
        _scale = scale;
    }

    public int Dimension => _mean.Length;

    /// <summary>Fits weighted means and standard deviations; a constant dimension keeps scale 1 so it stays finite.</summary>
    public static FeatureScaler Fit(float[] data, double[] weights, int dimension)
    {
        var mean = new double[dimension];
        var scale = new double[dimension];
        var total = weights.Sum();
        for (var r = 0; r < weights.Length; r++)
        {
            for (var d = 0; d < dimension; d++)
            {
                mean[d] += weights[r] * data[r * dimension + d];
            }
        }

        for (var d = 0; d < dimension; d++)
        {
            mean[d] /= total;
        }

        for (var r = 0; r < weights.Length; r++)
        {
            for (var d = 0; d < dimension; d++)
            {
                var x = data[r * dimension + d] - mean[d];
                scale[d] += weights[r] * x * x;
            }
        }

        for (var d = 0; d < dimension; d++)
        {
            var std = Math.Sqrt(scale[d] / total);
            scale[d] = std > 1e-9 ? std : 1;
        }

        return new FeatureScaler(mean, scale);
    }

    public void Apply(Span<float> vector)
    {
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = (float)((vector[d] - _mean[d]) / _scale[d]);
        }
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(_mean);
        writer.Write(_scale);
    }

    public static FeatureScaler ReadFrom(ModelReader reader)
    {
        var mean = reader.ReadDoubleArray("scaler means");
        var scale = reader.ReadDoubleArray("scaler scales");
        if (mean.Length != scale.Length || scale.Any(s => !(s > 0) || !double.IsFinite(s)))
        {
            throw new ModelFormatException("model file: the feature scaler is inconsistent or has a non-positive scale");
        }

        return new FeatureScaler(mean, scale);
    }
}
