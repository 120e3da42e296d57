using Lad.Engine.Model;
using Lad.Engine.Model.Som;

namespace Lad.Engine.Tests.Model.Som;

public class SomOptionsTests
{
    [Fact]
    public void Defaults_follow_the_original_lad()
    {
        var options = new SomOptions();
        Assert.Equal((25, 5, 1, 24, SomInit.Pca, 100, 5),
            (options.TrainVectorLength, options.TrainWindow, options.W2vMinCount, options.SompyNodeMap, options.SompyInit, options.SompyTrainRoughLen, options.SompyTrainFinetuneLen));
        options.Validate();
    }

    public static TheoryData<SomOptions, string> BadOptions => new()
    {
        { new SomOptions { TrainVectorLength = 1 }, "TRAIN_VECTOR_LENGTH" },
        { new SomOptions { TrainWindow = 0 }, "TRAIN_WINDOW" },
        { new SomOptions { W2vMinCount = 0 }, "W2V_MIN_COUNT" },
        { new SomOptions { W2vIter = 0 }, "W2V_ITER" },
        { new SomOptions { W2vNegative = 0 }, "W2vNegative" },
        { new SomOptions { SompyNodeMap = 1 }, "SOMPY_NODE_MAP" },
        { new SomOptions { SompyInit = (SomInit)7 }, "SOMPY_INIT" },
        { new SomOptions { SompyTrainRoughLen = 0 }, "SompyTrainRoughLen" },
        { new SomOptions { SompyTrainFinetuneLen = -1 }, "SompyTrainFinetuneLen" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_option_is_named(SomOptions options, string name)
    {
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(name, e.Message);
        var viaCatalog = Assert.Throws<ArgumentException>(() => ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "som", Som = options }));
        Assert.Contains(name, viaCatalog.Message);
    }

    [Fact]
    public void Negative_threshold_sigma_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "som", ThresholdSigma = -1 }));
        Assert.Contains("INFER_ANOMALY_THRESHOLD", e.Message);
    }
}
