using Lad.Engine.Model;
using Lad.Engine.Tests.Model.Som;

namespace Lad.Engine.Tests.Model;

/// <summary>The daemon hands trainers its history as a source read from disk; every kind must learn it as it is read.</summary>
public class StreamedHistoryTrainingTests
{
    [Theory]
    [InlineData("novelty")]
    [InlineData("som")]
    [InlineData("lof")]
    public void ATrainerReadsItsHistoryOnceHoldingNoEarlierLineAndLearnsWhatTheListGives(string kind)
    {
        var lines = SyntheticLogs.History(5, 2000).ToList();
        var source = new WatchedHistory(lines);
        var trainer = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = kind });

        var streamed = trainer.Train(source, [], TestContext.Current.CancellationToken);

        // When the last line came, the trainer held at most one line per distinct line it keeps as an example, far
        // fewer than the lines before it; a trainer gathering the history into a list first holds all 1,999.
        Assert.Equal(1, source.Reads);
        Assert.InRange(source.AliveBeforeLast, 0, lines.Count / 10);
        Assert.Equal(lines.Count, streamed.TrainedLines);
        Assert.Equal(Saved(trainer.Train(lines, TestContext.Current.CancellationToken)), Saved(streamed));
    }

    private static byte[] Saved(IAnomalyModel model)
    {
        using var stream = new MemoryStream();
        ModelCatalog.Save(model, stream);
        return stream.ToArray();
    }
}
