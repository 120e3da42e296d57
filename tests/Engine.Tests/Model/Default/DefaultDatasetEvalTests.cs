using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>
/// The default model on the shared labelled datasets with the `lad eval` protocol (first half trains, second half
/// is scored); skipped without the datasets. The floors are the issue's targets where the model meets them and
/// the measured figures (rounded down) where it does not, so a regression fails either way.
/// </summary>
public class DefaultDatasetEvalTests
{
    private static DetectionReport Evaluate(string path, ILineFormat format, SessionSpec? sessions = null, double trainFraction = 0.5, string model = "default") =>
        DetectionEvaluator.Run(
            ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = model }),
            EvaluationSplit.ByFraction(LogFile.Read(path, format).Lines, trainFraction, sessions),
            sessions,
            TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("loghub_bgl_2k/BGL_2k.log")]
    [InlineData("bgl_random_sample/BGL_random_3827.log")]
    public void Bgl_at_train_fraction_0_7_is_within_0_10_of_its_oracle_and_beats_the_novelty_rule(string file)
    {
        // Their histories' `<n> floating point alignment exceptions` became routine only in the history's second half;
        // under the routine bar each of its ever larger counts was a false alarm (F1 0.386 and 0.378 then).
        var path = Datasets.Require(file);
        var report = Evaluate(path, new BglLineFormat(), trainFraction: 0.7);
        var novelty = Evaluate(path, new BglLineFormat(), trainFraction: 0.7, model: "novelty");

        AssertCalibrationGap(report);
        Assert.True(report.Metrics.Confusion.F1 >= novelty.Metrics.Confusion.F1, $"{report.Metrics.SummaryLine()} against novelty {novelty.Metrics.SummaryLine()}");
    }

    [Fact]
    public void Bgl_2k_meets_the_targets()
    {
        var report = Evaluate(Datasets.Require("loghub_bgl_2k/BGL_2k.log"), new BglLineFormat());
        Assert.Equal(47, report.Metrics.Confusion.Positives);
        Assert.True(report.Metrics.Auc >= 0.95, report.Metrics.SummaryLine());
        Assert.True(report.Metrics.Confusion.F1 >= 0.60, report.Metrics.SummaryLine());
        AssertCalibrationGap(report);
    }

    [Fact]
    public void Bgl_random_sample_meets_the_targets()
    {
        var report = Evaluate(Datasets.Require("bgl_random_sample/BGL_random_3827.log"), new BglLineFormat());
        Assert.True(report.Metrics.Auc >= 0.95, report.Metrics.SummaryLine());
        Assert.True(report.Metrics.Confusion.F1 >= 0.59, report.Metrics.SummaryLine());
        AssertCalibrationGap(report);
    }

    [Fact]
    public void Hdfs_sessions_meet_the_targets()
    {
        var labels = SessionLabels.Read(Datasets.Require("loglead_hdfs_2pct/anomaly_label.csv"));
        var report = Evaluate(Datasets.Require("loglead_hdfs_2pct/HDFS_2pct.log.gz"), new HdfsLineFormat(), new SessionSpec(@"blk_-?\d+", labels));

        // Targets are AUC 0.97 / F1 0.90. 30 of the 169 anomalous test blocks are two-line sessions (receiving,
        // allocate) that stop where every normal block begins: scored at arrival they are normal; only their closing
        // verdict catches them. Measured: precision 0.933 recall 0.905 f1 0.919 auc 0.975 (0.933 / 0.911 / 0.922 / 0.980 before
        // counts of sessions the history's end cut off counted as unfinished; 0.906 / 0.911 / 0.909 / 0.980 before repeat
        // counts beyond training's most were judged by the decay of the top counts; closing judged at the idle
        // limit with full weight: 0.814 / 0.959 / 0.880 / 0.983; no session end: 0.868 / 0.781 / 0.822 / 0.846, both
        // before block ids were identifiers). Before block ids were identifiers: 0.890 / 0.959 / 0.923 / 0.984; 8 blocks
        // whose only odd line is "Receiving empty packet" were caught by their block id counting as an unseen value.
        Assert.True(report.Metrics.Auc >= 0.975, report.Metrics.SummaryLine());
        Assert.True(report.Metrics.Confusion.F1 >= 0.90, report.Metrics.SummaryLine());
        Assert.True(report.Metrics.Confusion.Recall >= 0.90, report.Metrics.SummaryLine());
        Assert.True(report.Metrics.Confusion.Precision >= 0.90, report.Metrics.SummaryLine());
        AssertCalibrationGap(report);
    }

    /// <summary>Issue 12's calibration target: F1 at the calibrated threshold within 0.10 of the best any threshold gives.</summary>
    private static void AssertCalibrationGap(DetectionReport report) =>
        Assert.True(report.Metrics.OracleF1 - report.Metrics.Confusion.F1 <= 0.10, report.Metrics.SummaryLine());
}
