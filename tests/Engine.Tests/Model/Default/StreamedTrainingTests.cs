using System.Globalization;
using System.Text;
using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Persistence;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

public class StreamedTrainingTests
{
    // Block sessions with a few shapes, a rare warning and values that vary: every part of the model learns something.
    private static string HdfsHistory(int lines)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var block = $"blk_{random.Next(lines / 6)}";
            var line = random.Next(40) switch
            {
                0 => $"WARN dfs.DataNode: Slow BlockReceiver write data to disk cost:{random.Next(300, 900)}ms for {block}",
                < 15 => $"INFO dfs.DataNode: Receiving block {block} src: /10.0.{random.Next(4)}.{random.Next(250)}:{random.Next(40000, 60000)} dest: /10.0.0.9:50010",
                < 28 => $"INFO dfs.DataNode: PacketResponder {random.Next(3)} for block {block} terminating",
                _ => $"INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.0.0.{random.Next(250)}:50010 is added to {block} size {random.Next(1 << 26)}",
            };
            text.Append(CultureInfo.InvariantCulture, $"081109 2{i % 100000:00000} {random.Next(20, 200)} {line}\n");
        }

        return text.ToString();
    }

    private static byte[] Bytes(IAnomalyModel model)
    {
        using var buffer = new MemoryStream();
        ModelFile.Write(buffer, model.Kind, model.WriteTo);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(40)]
    [InlineData(3_000)]
    public void TrainingFromTheFileLearnsWhatTrainingFromItsLoadedLinesLearns(int lines)
    {
        using var file = TempFile.WithText(HdfsHistory(lines));
        Assert.True(SessionKeyPattern.TryCreate(@"blk_-?\d+", out var sessions, out _));
        var format = LineFormats.Create("hdfs", null);
        var loaded = LogFile.Read(file.Path, format).Lines.Select(l => l.Record with { Session = sessions!.KeyOf(l.RawLine) }).ToList();
        var trainer = new DefaultModelTrainer(new DetectorOptions());
        var confirmed = new[] { loaded[5] };

        var fromLines = trainer.Train(loaded, confirmed, TestContext.Current.CancellationToken);
        var fromFile = trainer.Train(new LogFileHistory(file.Path, format, sessions), confirmed, TestContext.Current.CancellationToken);

        Assert.Equal(Bytes(fromLines), Bytes(fromFile));
        Assert.Equal(lines, fromFile.TrainedLines);
    }

    [Fact]
    public void AHistoryTooShortToHoldLinesOutIsCalibratedOnAllItsLinesScoredByTheFinalProfile()
    {
        // Routine job lines and a failing backup now and then: the backup lines, scored by the profile that learned
        // them, are the highest potential alarms, so one of them sets the threshold.
        var history = Enumerable.Range(0, DefaultModelTrainer.MinimumForHoldout - 1)
            .Select(i => i % 12 == 5
                ? new LogRecord($"backup to sda{i % 3} failed", Level: "ERROR")
                : new LogRecord($"job {i} done in {i % 7} s", Level: "INFO"))
            .ToList();
        var options = new DetectorOptions();

        var model = (DefaultModel)new DefaultModelTrainer(options).Train(history, TestContext.Current.CancellationToken);

        var stream = (DefaultStreamScorer)model.OpenStream();
        var assessed = history.Select(stream.Assess).ToList();
        var expected = ThresholdCalibration.From(assessed, options.ThresholdSigma, options.AlarmBudget).Thresholds;
        Assert.Equal(expected.Other, model.Thresholds.Other, 12);
        Assert.Equal(expected.Routine, model.Thresholds.Routine, 12);
        Assert.Equal(assessed.Where(a => a.Template.Contains("backup", StringComparison.Ordinal)).Max(a => a.Score), model.Thresholds.Other, 12);
    }

    [Fact]
    public void ASourceThatReadsFewerLinesThanItCountedIsRefused()
    {
        var trainer = new DefaultModelTrainer(new DetectorOptions());

        var error = Assert.Throws<InvalidOperationException>(() =>
            trainer.Train(new Shrinking(Enumerable.Range(0, 100).Select(i => new LogRecord($"job {i} done")).ToList()), [], TestContext.Current.CancellationToken));

        Assert.Contains("100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AListSourceReadsFromTheGivenLine()
    {
        var lines = Enumerable.Range(0, 5).Select(i => new LogRecord($"line {i}")).ToList();

        Assert.Equal(lines.Skip(3), HistorySource.Of(lines).Read(3));
        Assert.Equal(5, HistorySource.Of(lines).Count);
    }

    // Loses a line on every read after the first, as a file rotated under the trainer would.
    private sealed class Shrinking(List<LogRecord> lines) : HistorySource
    {
        private int _reads;

        public override int Count => lines.Count;

        public override IEnumerable<LogRecord> Read(int from = 0) => lines.Skip(from).Take(lines.Count - from - (_reads++ == 0 ? 0 : 1));
    }
}
