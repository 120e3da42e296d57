using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Engine.Source.Synthetic;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Evaluation;

public class DetectionEvaluatorTests
{
    private static LabelledLine Line(string message, bool? label, long number = 0) =>
        new(new LogRecord(message), number, label, message);

    [Fact]
    public void Fraction_split_keeps_file_order_and_ignores_training_labels()
    {
        var lines = Enumerable.Range(1, 10).Select(i => Line($"m{i}", i % 3 == 0, i)).ToArray();
        var split = EvaluationSplit.ByFraction(lines, 0.5);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], split.Train.Select(r => r.Message));
        Assert.Equal([6L, 7, 8, 9, 10], split.Test.Select(l => l.LineNumber));

        Assert.Equal(3, EvaluationSplit.ByFraction(lines, 0.3).Train.Count);
        Assert.Contains("--train-fraction", Assert.Throws<ArgumentException>(() => EvaluationSplit.ByFraction(lines, 1.0)).Message);
        Assert.Throws<ArgumentException>(() => EvaluationSplit.ByFraction(lines, 0.05));
    }

    [Fact]
    public void Line_mode_scores_each_test_line()
    {
        var lines = new[]
        {
            Line("train error", true), Line("train ok", false),
            Line("ok", false), Line("error here", true), Line("error error", true), Line("error but normal", false), Line("fine", false),
        };
        var trainer = new KeywordTrainer();
        var report = DetectionEvaluator.Run(trainer, EvaluationSplit.ByFraction(lines, 2.0 / 7 + 1e-9), sessions: null, TestContext.Current.CancellationToken);

        Assert.Equal(2, trainer.SeenHistory!.Count);
        Assert.Equal("line", report.Mode);
        Assert.Equal(5, report.Items);
        Assert.Equal(new ConfusionCounts(2, 1, 2, 0), report.Metrics.Confusion);
        // Scores: normals 0,1,0; anomalies 1,2 -> pairs: (1 vs 0,1,0)=2.5, (2 vs all)=3 -> 5.5/6.
        Assert.Equal(5.5 / 6, report.Metrics.Auc, 12);
    }

    [Fact]
    public void Line_mode_without_line_labels_asks_for_sessions()
    {
        var lines = new[] { Line("a", null), Line("b", null), Line("c", null), Line("d", null) };
        var e = Assert.Throws<ArgumentException>(() => DetectionEvaluator.Run(new KeywordTrainer(), EvaluationSplit.ByFraction(lines, 0.5), null, TestContext.Current.CancellationToken));
        Assert.Contains("--labels", e.Message);
    }

    [Fact]
    public void Test_part_without_anomalies_is_an_error()
    {
        var lines = new[] { Line("a", true), Line("b", false), Line("c", false), Line("d", false) };
        var e = Assert.Throws<ArgumentException>(() => DetectionEvaluator.Run(new KeywordTrainer(), EvaluationSplit.ByFraction(lines, 0.5), null, TestContext.Current.CancellationToken));
        Assert.Contains("no labelled anomalies", e.Message);
    }

    [Fact]
    public void Session_mode_takes_max_score_and_any_flag_per_session()
    {
        using var labelsFile = TempFile.WithText("BlockId,Label\nblk_1,Anomaly\nblk_2,Normal\nblk_3,Normal\n", ".csv");
        var sessions = new SessionSpec(@"blk_-?\d+", SessionLabels.Read(labelsFile.Path));
        var train = new[] { Line("blk_1 start", null), Line("blk_2 start", null) };
        var test = new[]
        {
            Line("blk_1 ok", null), Line("blk_1 error error", null),
            Line("blk_2 ok", null), Line("no session here", null),
            Line("blk_3 error", null), Line("blk_3 ok", null),
            Line("blk_9 ok", null),
        };
        var report = DetectionEvaluator.Run(new KeywordTrainer(), EvaluationSplit.Explicit(train, test), sessions, TestContext.Current.CancellationToken);

        Assert.Equal("session", report.Mode);
        Assert.Equal(1, report.LinesWithoutKey);
        Assert.Equal(1, report.SessionsWithoutLabel);
        Assert.Equal(3, report.Items);
        Assert.Equal(6, report.ScoredLines);
        // blk_1 anomalous max 2 flagged; blk_2 normal max 0; blk_3 normal max 1 flagged.
        Assert.Equal(new ConfusionCounts(1, 1, 1, 0), report.Metrics.Confusion);
        Assert.Equal(1.0, report.Metrics.Auc, 12);
    }

    [Fact]
    public void Session_keys_reach_the_training_records_and_a_stream_scores_test_lines_in_file_order()
    {
        using var labelsFile = TempFile.WithText("BlockId,Label\nblk_1,Anomaly\nblk_2,Normal\n", ".csv");
        var sessions = new SessionSpec(@"blk_-?\d+", SessionLabels.Read(labelsFile.Path));
        var train = new[] { Line("blk_1 start", null), Line("no key", null), Line("blk_2 start", null) };
        var test = new[] { Line("blk_2 ok", null), Line("blk_1 error", null), Line("blk_2 done", null) };
        var trainer = new StreamRecordingTrainer();

        var report = DetectionEvaluator.Run(trainer, EvaluationSplit.Explicit(train, test, sessions), sessions, TestContext.Current.CancellationToken);

        Assert.Equal(["blk_1", null, "blk_2"], trainer.SeenHistory!.Select(r => r.Session));
        string[] stream = ["observe blk_1 start", "observe no key", "observe blk_2 start", "score blk_2 ok@blk_2", "score blk_1 error@blk_1", "score blk_2 done@blk_2"];
        // The second stream is the replay judging session endings as a daemon would (LiveEndings), after the first.
        Assert.Equal(stream.Concat(stream), trainer.Calls);
        Assert.Equal(new ConfusionCounts(1, 0, 1, 0), report.Metrics.Confusion);
    }

    [Fact]
    public void Scoring_the_detectors_way_gives_the_same_verdicts_and_explains_only_the_flagged()
    {
        var lines = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = 1500, Seed = 11 })
            .Select((l, i) => new LabelledLine(l.ToRecord(), i + 1, l.IsAnomaly, l.Text))
            .ToList();
        var split = EvaluationSplit.ByFraction(lines, 0.5);
        var trainer = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" });

        var every = DetectionEvaluator.Run(trainer, split, sessions: null, ItemReasons.Every, TestContext.Current.CancellationToken);
        var flaggedOnly = DetectionEvaluator.Run(trainer, split, sessions: null, ItemReasons.FlaggedOnly, TestContext.Current.CancellationToken);

        Assert.InRange(every.Metrics.Confusion.TruePositives, 1, int.MaxValue);
        Assert.Equal(every.Metrics, flaggedOnly.Metrics);
        Assert.Equal(every.Scored.Select(s => (s.Key, s.Score, s.Margin, s.Flagged)), flaggedOnly.Scored.Select(s => (s.Key, s.Score, s.Margin, s.Flagged)));
        Assert.All(every.Scored, s => Assert.NotEmpty(s.Reasons));
        foreach (var (full, lean) in every.Scored.Zip(flaggedOnly.Scored))
        {
            Assert.Equal(full.Flagged ? full.Reasons : [], lean.Reasons);
        }
    }

    [Fact]
    public void Invalid_session_regex_names_the_option()
    {
        using var labelsFile = TempFile.WithText("blk_1,Anomaly\n", ".csv");
        var e = Assert.Throws<ArgumentException>(() => new SessionSpec("blk_(", SessionLabels.Read(labelsFile.Path)));
        Assert.Contains("--session-regex", e.Message);
    }
}
