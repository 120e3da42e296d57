using System.Globalization;
using System.Diagnostics;
using Lad.Engine.Model;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>
/// Trains a model on the training part and scores the test part, per line (line labels) or per session
/// (session score = the maximum of its line scores and its closing score; flagged when any of its lines is flagged or
/// its closing verdict is anomalous, see <see cref="ILogStreamScorer.CloseAll"/>). Lines are scored once each,
/// in file order, by one stream scorer (<see cref="IAnomalyModel.OpenStream()"/>) that first observed the training
/// part, as a daemon's stream would have: a line's score uses what came before it, never what follows.
/// </summary>
public static class DetectionEvaluator
{
    /// <summary>Runs the evaluation, explaining every scored item. Throws <see cref="ArgumentException"/> when the test data cannot be scored (no labels, one class).</summary>
    public static DetectionReport Run(
        IAnomalyModelTrainer trainer, EvaluationSplit split, SessionSpec? sessions, CancellationToken cancellationToken = default) =>
        Run(trainer, split, sessions, ItemReasons.Every, cancellationToken);

    /// <summary>
    /// Runs the evaluation; with <see cref="ItemReasons.FlaggedOnly"/> lines are scored as a detector that keeps only
    /// anomalies scores them (<see cref="ILogStreamScorer.ScoreAnomaly"/>), so the scoring time is the detector's, and
    /// an item not flagged carries no reasons. Throws <see cref="ArgumentException"/> when the test data cannot be
    /// scored (no labels, one class).
    /// </summary>
    public static DetectionReport Run(
        IAnomalyModelTrainer trainer, EvaluationSplit split, SessionSpec? sessions, ItemReasons reasons, CancellationToken cancellationToken = default)
    {
        if (sessions is null && split.Test.Any(l => l.IsAnomaly is null))
        {
            throw new ArgumentException(
                "the test lines carry no labels (only the bgl format has line labels): give --labels with --session-regex");
        }

        var trainWatch = Stopwatch.StartNew();
        var model = trainer.Train(split.Train, cancellationToken);
        trainWatch.Stop();

        // What is to be scored, and in which sessions, is the evaluation's own bookkeeping: the time from here on is the
        // detector's, opening its stream on the history and scoring.
        var toScore = sessions is null
            ? split.Test.Select(l => (Line: l, Key: (string?)null)).ToArray()
            : split.Test.Select(l => (Line: l, Key: l.Record.Session ?? sessions.KeyOf(l.RawLine))).Where(p => p.Key is not null).ToArray();
        var records = toScore.Select(p => Keyed(p.Line.Record, p.Key)).ToArray();
        // Only the sessions scored next need the training part's lines; the stream decides whether it may skip the rest.
        var sessionsToCome = records.Select(r => r.Session).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var scoreWatch = Stopwatch.StartNew();
        var stream = model.OpenStream();
        stream.ObserveHistory(split.Train, sessionsToCome);

        var verdicts = new LineScore[toScore.Length];
        for (var i = 0; i < toScore.Length; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reasons == ItemReasons.Every)
            {
                var verdict = stream.Score(records[i]);
                verdicts[i] = new LineScore(verdict.Score, verdict.Threshold, verdict);
            }
            else
            {
                var anomaly = stream.ScoreAnomaly(records[i], out var score, out var threshold);
                verdicts[i] = new LineScore(score, threshold, anomaly);
            }
        }

        // The evaluator has no clock: at the end of input, sessions idle long enough are judged by how they ended.
        var closings = sessions is null
            ? []
            : stream.CloseAll(explainNormal: reasons == ItemReasons.Every).ToDictionary(c => c.Session, c => LineScore.Of(c.Verdict), StringComparer.Ordinal);
        scoreWatch.Stop();

        var scored = new List<ScoredItem>();
        long withoutLabel = 0;
        if (sessions is null)
        {
            for (var i = 0; i < toScore.Length; i++)
            {
                var line = toScore[i].Line;
                scored.Add(Item(line.LineNumber.ToString(CultureInfo.InvariantCulture), verdicts[i], verdicts[i].Margin, line.IsAnomaly!.Value));
            }
        }
        else
        {
            // Insertion order keeps the sessions in order of first appearance, so runs are reproducible. A session's
            // score and reasons are those of its highest-scoring verdict.
            var bySession = new Dictionary<string, (LineScore Top, double Margin)>(StringComparer.Ordinal);
            var order = new List<string>();
            for (var i = 0; i < toScore.Length; i++)
            {
                var key = toScore[i].Key!;
                if (!bySession.TryGetValue(key, out var agg))
                {
                    order.Add(key);
                    agg = (verdicts[i], double.NegativeInfinity);
                }

                bySession[key] = (Higher(agg.Top, verdicts[i]), Math.Max(agg.Margin, verdicts[i].Margin));
            }

            foreach (var (key, closing) in closings)
            {
                if (bySession.TryGetValue(key, out var agg))
                {
                    bySession[key] = (Higher(agg.Top, closing), Math.Max(agg.Margin, closing.Margin));
                }
            }

            foreach (var key in order)
            {
                if (!sessions.Labels.TryGet(key, out var isAnomaly))
                {
                    withoutLabel++;
                    continue;
                }

                scored.Add(Item(key, bySession[key].Top, bySession[key].Margin, isAnomaly));
            }
        }

        // Outside the timed part: the same sessions judged as a daemon judges them, while the lines go on.
        var live = sessions is null
            ? null
            : LiveEndings.Replay(
                model,
                split.Train,
                sessionsToCome,
                toScore.Select((p, i) => (records[i], p.Key!)).ToList(),
                sessions.Labels,
                cancellationToken);

        var labels = scored.Select(s => s.IsAnomaly).ToList();
        if (!labels.Contains(true))
        {
            throw new ArgumentException(
                $"the test part holds no labelled anomalies among its {labels.Count} {(sessions is null ? "lines" : "sessions")}: precision, recall and AUC are undefined");
        }

        return new DetectionReport(
            sessions is null ? "line" : "session",
            split.Train.Count,
            split.Test.Count,
            toScore.Length,
            labels.Count,
            split.Test.Count - toScore.Length,
            withoutLabel,
            DetectionMetrics.From(scored.Select(s => s.Score).ToList(), scored.Select(s => s.Margin).ToList(), scored.Select(s => s.Flagged).ToList(), labels),
            model.Threshold,
            model.RoutineThreshold,
            trainWatch.Elapsed,
            scoreWatch.Elapsed,
            scored,
            live);
    }

    private static LineScore Higher(LineScore current, LineScore candidate) => candidate.Score > current.Score ? candidate : current;

    // A test line carries the session key the evaluation found for it, unless its format gave it one already.
    private static LogRecord Keyed(LogRecord record, string? key) => key is not null && record.Session is null ? record with { Session = key } : record;

    private static ScoredItem Item(string key, LineScore top, double margin, bool isAnomaly) =>
        new(key, top.Score, margin > 0, isAnomaly, top.Verdict?.Explanation.Reasons ?? [], margin);

    // A scored line or closing: its verdict where one was built (every line with ItemReasons.Every, else the flagged).
    private readonly record struct LineScore(double Score, double Threshold, AnomalyVerdict? Verdict)
    {
        public double Margin => Score - Threshold;

        public static LineScore Of(AnomalyVerdict verdict) => new(verdict.Score, verdict.Threshold, verdict);
    }
}
