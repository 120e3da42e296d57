using Lad.Engine.Model;
using Lad.Engine.Model.Lof;
using Lad.Engine.Model.Som;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Turns the daemon's configuration into the engine's <see cref="DetectorOptions"/>.</summary>
public static class DetectorOptionsMapping
{
    /// <summary>The engine options the configuration asks for (<c>MODEL</c>, <c>INFER_ANOMALY_THRESHOLD</c>, <c>ALARM_BUDGET</c>,
    /// <c>W2V_*</c>, <c>TRAIN_WINDOW</c>, <c>TRAIN_VECTOR_LENGTH</c>, <c>SOMPY_*</c>, <c>LOF_NEIGHBORS</c>, <c>LOF_METRIC</c>).</summary>
    /// <exception cref="ArgumentException">A value the engine refuses, naming it.</exception>
    public static DetectorOptions From(LadConfig config)
    {
        var init = config.SomInit.ToLowerInvariant() switch
        {
            "pca" => SomInit.Pca,
            "random" => SomInit.Random,
            var other => throw new ArgumentException($"SOMPY_INIT must be 'pca' or 'random', not '{other}'"),
        };
        var options = new DetectorOptions
        {
            ModelKind = config.Model switch
            {
                DetectorModel.Som => "som",
                DetectorModel.Novelty => "novelty",
                DetectorModel.Lof => LofModel.KindName,
                _ => ModelCatalog.DefaultKind,
            },
            Seed = config.W2vSeed,
            ThresholdSigma = config.InferAnomalyThreshold,
            AlarmBudget = config.AlarmBudget,
            Som = new SomOptions
            {
                TrainVectorLength = config.TrainVectorLength,
                TrainWindow = config.TrainWindow,
                W2vMinCount = config.W2vMinCount,
                W2vIter = config.W2vIterations,
                SompyNodeMap = config.SomNodeMap,
                SompyInit = init,
                SompyTrainRoughLen = (int)(long)config.Settings["SOMPY_TRAIN_ROUGH_LEN"]!,
                SompyTrainFinetuneLen = (int)(long)config.Settings["SOMPY_TRAIN_FINETUNE_LEN"]!,
            },
            Lof = config.Model == DetectorModel.Lof
                ? new LofOptions { Neighbors = config.LofNeighbors, Metric = LofMetrics.Parse(config.LofMetric) }
                : new LofOptions(),
        };
        options.Validate();
        return options;
    }
}
