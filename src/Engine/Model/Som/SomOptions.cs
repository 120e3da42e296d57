namespace Lad.Engine.Model.Som;

/// <summary>
/// Options of the <c>som</c> model, named after the original LAD settings they mirror. Defaults follow LAD.
/// </summary>
public sealed record SomOptions
{
    /// <summary>Length of the Word2Vec vectors (TRAIN_VECTOR_LENGTH).</summary>
    public int VectorLength { get; init; } = 25;

    /// <summary>Word2Vec context window: words on each side (TRAIN_WINDOW).</summary>
    public int Window { get; init; } = 5;

    /// <summary>Words seen fewer times in training get no vector (W2V_MIN_COUNT).</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Word2Vec epochs over the distinct training lines (W2V_ITER).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Negative samples per positive word pair.</summary>
    public int NegativeSamples { get; init; } = 5;

    /// <summary>Side of the square map: the map has NodeMap × NodeMap nodes (SOMPY_NODE_MAP).</summary>
    public int NodeMap { get; init; } = 24;

    /// <summary>Codebook initialisation (SOMPY_INIT).</summary>
    public SomInit Init { get; init; } = SomInit.Pca;

    /// <summary>Batch epochs of the rough phase (large, shrinking neighbourhood).</summary>
    public int RoughEpochs { get; init; } = 100;

    /// <summary>Batch epochs of the finetune phase (small neighbourhood).</summary>
    public int FinetuneEpochs { get; init; } = 5;

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        Require(VectorLength is >= 2 and <= 1000, "TRAIN_VECTOR_LENGTH (VectorLength)", VectorLength, "between 2 and 1000");
        Require(Window is >= 1 and <= 50, "TRAIN_WINDOW (Window)", Window, "between 1 and 50");
        Require(MinCount >= 1, "W2V_MIN_COUNT (MinCount)", MinCount, "at least 1");
        Require(Iterations is >= 1 and <= 10_000, "W2V_ITER (Iterations)", Iterations, "between 1 and 10000");
        Require(NegativeSamples is >= 1 and <= 50, "NegativeSamples", NegativeSamples, "between 1 and 50");
        Require(NodeMap is >= 2 and <= 200, "SOMPY_NODE_MAP (NodeMap)", NodeMap, "between 2 and 200");
        Require(Enum.IsDefined(Init), "SOMPY_INIT (Init)", Init, "pca or random");
        Require(RoughEpochs is >= 1 and <= 10_000, "RoughEpochs", RoughEpochs, "between 1 and 10000");
        Require(FinetuneEpochs is >= 0 and <= 10_000, "FinetuneEpochs", FinetuneEpochs, "between 0 and 10000");
    }

    private static void Require<T>(bool ok, string name, T value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"SOM option {name} is {value}; it must be {rule}");
        }
    }
}
