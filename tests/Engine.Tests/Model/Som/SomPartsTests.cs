using System.Numerics.Tensors;
using Lad.Engine.Model.Som;
using Lad.Engine.Score;

namespace Lad.Engine.Tests.Model.Som;

public class SomPartsTests
{
    [Fact]
    public void Word2Vec_puts_words_from_the_same_contexts_closer_together()
    {
        var sentences = new[]
        {
            "user alice logged in from the office".Split(' '),
            "user bob logged in from the office".Split(' '),
            "disk sda is full on the storage array".Split(' '),
            "disk sdb is full on the storage array".Split(' '),
        };
        var vectors = new Word2VecTrainer(new SomOptions { W2vIter = 300, TrainVectorLength = 16, TrainWindow = 3 }, 3)
            .Train(sentences, [5, 5, 5, 5], TestContext.Current.CancellationToken);

        float Cos(string a, string b) => TensorPrimitives.CosineSimilarity(Vec(a), Vec(b));
        float[] Vec(string word)
        {
            var vector = new float[vectors.Dimension];
            Assert.Equal(1, vectors.MeanVector([word], vector));
            return vector;
        }

        Assert.True(Cos("alice", "bob") > Cos("alice", "sda") + 0.3, $"alice~bob {Cos("alice", "bob"):0.00}, alice~sda {Cos("alice", "sda"):0.00}");
        Assert.True(Cos("sda", "sdb") > Cos("sdb", "bob") + 0.3, $"sda~sdb {Cos("sda", "sdb"):0.00}, sdb~bob {Cos("sdb", "bob"):0.00}");
    }

    [Fact]
    public void Mean_vector_ignores_unknown_words_and_counts_known_ones()
    {
        var vectors = new WordVectors(["a", "b"], [1, 2, 3, 4], 2);
        Span<float> mean = stackalloc float[2];
        Assert.Equal(2, vectors.MeanVector(["a", "zzz", "b"], mean));
        Assert.Equal([2f, 3f], mean.ToArray());
        Assert.Equal(0, vectors.MeanVector(["zzz"], mean));
        Assert.Equal([0f, 0f], mean.ToArray());
    }

    [Fact]
    public void Weighted_batch_som_equals_training_on_repeated_rows()
    {
        var options = new SomOptions { SompyNodeMap = 4, SompyTrainRoughLen = 10, SompyTrainFinetuneLen = 2 };
        float[] distinct = [0, 0, 5, 5, 0, 5];
        float[] repeated = [0, 0, 0, 0, 0, 0, 5, 5, 0, 5];
        var weighted = new BatchSomTrainer(options, 1).Train(distinct, [3, 1, 1], 2, TestContext.Current.CancellationToken);
        var plain = new BatchSomTrainer(options, 1).Train(repeated, [1, 1, 1, 1, 1], 2, TestContext.Current.CancellationToken);
        for (var i = 0; i < weighted.Codebook.Length; i++)
        {
            Assert.Equal(plain.Codebook[i], weighted.Codebook[i], 4);
        }
    }

    [Fact]
    public void Batch_som_covers_clusters_and_leaves_outliers_far()
    {
        var random = new Random(2);
        var data = new List<float>();
        for (var i = 0; i < 200; i++)
        {
            var centre = i % 2 == 0 ? -3f : 3f;
            data.Add(centre + (float)random.NextDouble() * 0.2f);
            data.Add(centre + (float)random.NextDouble() * 0.2f);
        }

        var map = new BatchSomTrainer(new SomOptions { SompyNodeMap = 6 }, 1)
            .Train([.. data], Enumerable.Repeat(1.0, 200).ToArray(), 2, TestContext.Current.CancellationToken);
        map.BestMatch([3.1f, 3.1f], out var inside);
        map.BestMatch([-3.1f, -3.1f], out var otherInside);
        map.BestMatch([9f, -9f], out var outlier);
        Assert.True(inside < 0.5 && otherInside < 0.5, $"cluster points {inside:0.00}, {otherInside:0.00} from the map");
        Assert.True(outlier > 5, $"outlier {outlier:0.00} from the map");
    }

    [Fact]
    public void Sigma_threshold_is_weighted_mean_plus_n_std()
    {
        // Scores 1 (x3) and 5 (x1): mean 2, population std sqrt((3*1 + 9)/4) = sqrt(3).
        Assert.Equal(2 + 2 * Math.Sqrt(3), SigmaThreshold.Compute([1, 5], [3, 1], 2), 12);
        Assert.Equal(2, SigmaThreshold.Compute([1, 1, 1, 5], [1, 1, 1, 1], 0), 12);
    }
}
