using Lad.Engine.Evaluation.Parsing;

namespace Lad.Engine.Tests.Evaluation;

public class ParsingAccuracyDatasetTests
{
    [Fact]
    public void Default_miner_reaches_the_target_accuracy_on_the_loghub2_parsing_sets()
    {
        var folder = DatasetLocator.Find("loghub2_2k_parsing");
        Assert.SkipUnless(folder is not null,
            "datasets absent: no shared/datasets/loghub2_2k_parsing above the test assembly and LAD_DATASETS unset");

        var sets = ParsingDataset.LoadAll(folder!);
        var scores = sets.Select(set => ParsingBenchmark.Run(set)).ToList();

        Assert.Equal(13, sets.Count);
        Assert.All(sets, set => Assert.Equal(2000, set.Messages.Count));
        Assert.True(scores.Average(s => s.GroupingAccuracy) >= 0.90, $"average GA {scores.Average(s => s.GroupingAccuracy):0.000}");
        Assert.True(scores.Average(s => s.GroupingF1) >= 0.80, $"average FGA {scores.Average(s => s.GroupingF1):0.000}");
    }
}
