namespace Lad.Engine.Model.Som;

/// <summary>
/// Options of the <c>som</c> model, named after the original LAD settings they mirror. Defaults follow LAD.
/// </summary>
public sealed record SomOptions
{
    /// <summary>Length of the Word2Vec vectors (TRAIN_VECTOR_LENGTH).</summary>
    public int TrainVectorLength { get; init; } = 25;

    /// <summary>Word2Vec context window: words on each side (TRAIN_WINDOW).</summary>
    public int TrainWindow { get; init; } = 5;

    /// <summary>Words seen fewer times in training get no vector (W2V_MIN_COUNT).</summary>
    public int W2vMinCount { get; init; } = 1;

    /// <summary>
    /// Word2Vec epochs over the distinct training lines (W2V_ITER). LAD's default was 5 epochs over every line
    /// (repeats included) and its tests used 500; since each epoch here visits each distinct line once, 100 gives
    /// the vectors a comparable number of updates at a fraction of the cost.
    /// </summary>
    public int W2vIter { get; init; } = 100;

    /// <summary>Negative samples per positive word pair (gensim's <c>negative</c>, 5 by default).</summary>
    public int W2vNegative { get; init; } = 5;

    /// <summary>Side of the square map: the map has SompyNodeMap × SompyNodeMap nodes (SOMPY_NODE_MAP).</summary>
    public int SompyNodeMap { get; init; } = 24;

    /// <summary>Codebook initialisation (SOMPY_INIT).</summary>
    public SomInit SompyInit { get; init; } = SomInit.Pca;

    /// <summary>Batch epochs of the rough phase with a large, shrinking neighbourhood (SOMPY_TRAIN_ROUGH_LEN).</summary>
    public int SompyTrainRoughLen { get; init; } = 100;

    /// <summary>Batch epochs of the finetune phase with a small neighbourhood (SOMPY_TRAIN_FINETUNE_LEN).</summary>
    public int SompyTrainFinetuneLen { get; init; } = 5;

    /// <summary>Checks every option; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        Require(TrainVectorLength is >= 2 and <= 1000, "TRAIN_VECTOR_LENGTH (TrainVectorLength)", TrainVectorLength, "between 2 and 1000");
        Require(TrainWindow is >= 1 and <= 50, "TRAIN_WINDOW (TrainWindow)", TrainWindow, "between 1 and 50");
        Require(W2vMinCount >= 1, "W2V_MIN_COUNT (W2vMinCount)", W2vMinCount, "at least 1");
        Require(W2vIter is >= 1 and <= 10_000, "W2V_ITER (W2vIter)", W2vIter, "between 1 and 10000");
        Require(W2vNegative is >= 1 and <= 50, "W2vNegative", W2vNegative, "between 1 and 50");
        Require(SompyNodeMap is >= 2 and <= 200, "SOMPY_NODE_MAP (SompyNodeMap)", SompyNodeMap, "between 2 and 200");
        Require(Enum.IsDefined(SompyInit), "SOMPY_INIT (SompyInit)", SompyInit, "pca or random");
        Require(SompyTrainRoughLen is >= 1 and <= 10_000, "SOMPY_TRAIN_ROUGH_LEN (SompyTrainRoughLen)", SompyTrainRoughLen, "between 1 and 10000");
        Require(SompyTrainFinetuneLen is >= 0 and <= 10_000, "SOMPY_TRAIN_FINETUNE_LEN (SompyTrainFinetuneLen)", SompyTrainFinetuneLen, "between 0 and 10000");
    }

    private static void Require<T>(bool ok, string name, T value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"SOM option {name} is {value}; it must be {rule}");
        }
    }
}
