namespace Lad.Engine.Model.Lof;

/// <summary>
/// Options of the <c>lof</c> model, named after the fork's settings. Its word vectors take the seed's Word2Vec settings
/// (TRAIN_VECTOR_LENGTH, TRAIN_WINDOW, W2V_*), which <see cref="DetectorOptions.Som"/> holds for both models.
/// </summary>
public sealed record LofOptions
{
    /// <summary>The fork's default for <see cref="Neighbors"/>.</summary>
    public const int DefaultNeighbors = 100;

    /// <summary>How many nearest distinct training vectors define a line's neighbourhood (LOF_NEIGHBORS); capped at the
    /// distinct vectors minus one.</summary>
    public int Neighbors { get; init; } = DefaultNeighbors;

    /// <summary>The distance between line vectors (LOF_METRIC).</summary>
    public LofMetric Metric { get; init; } = LofMetric.Euclidean;

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (Neighbors is < 1 or > 100_000)
        {
            throw new ArgumentException($"LOF_NEIGHBORS must be between 1 and 100000, not {Neighbors}");
        }

        if (!Enum.IsDefined(Metric))
        {
            throw new ArgumentException($"LOF_METRIC must be one of {LofMetrics.Allowed}, not {Metric}");
        }
    }
}
