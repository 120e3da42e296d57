namespace Lad.Engine.Evaluation.Detection;

/// <summary>What one evaluation run measured.</summary>
/// <param name="Mode"><c>line</c> or <c>session</c>: what the metrics count.</param>
/// <param name="TrainLines">Lines the model was trained on.</param>
/// <param name="TestLines">Lines in the test part.</param>
/// <param name="ScoredLines">Test lines scored (in session mode, those with a session key).</param>
/// <param name="Items">Scored items: lines, or labelled sessions.</param>
/// <param name="LinesWithoutKey">Session mode: test lines without a session key, not scored.</param>
/// <param name="SessionsWithoutLabel">Session mode: test sessions absent from the labels file, not counted.</param>
/// <param name="Metrics">Precision, recall, F1 and AUC over <paramref name="Items"/>.</param>
/// <param name="Threshold">The model's calibrated threshold.</param>
/// <param name="RoutineThreshold">The model's threshold for lines of routine templates (see <see cref="Model.IAnomalyModel.RoutineThreshold"/>).</param>
/// <param name="TrainTime">Wall time to train (including calibration).</param>
/// <param name="ScoreTime">Wall time to score the test lines.</param>
/// <param name="Scored">Every scored item with its verdict, label and reasons, in test order.</param>
/// <param name="LiveEndings">Session mode: the sessions whose ending a daemon would have reported as anomalous, judging
/// while the lines arrive (see <see cref="Detection.LiveEndings"/>); null in line mode.</param>
public sealed record DetectionReport(
    string Mode,
    long TrainLines,
    long TestLines,
    long ScoredLines,
    long Items,
    long LinesWithoutKey,
    long SessionsWithoutLabel,
    DetectionMetrics Metrics,
    double Threshold,
    double RoutineThreshold,
    TimeSpan TrainTime,
    TimeSpan ScoreTime,
    IReadOnlyList<ScoredItem> Scored,
    LiveEndingsReport? LiveEndings = null);
