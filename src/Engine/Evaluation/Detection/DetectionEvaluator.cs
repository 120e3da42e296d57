using System.Diagnostics;
using Lad.Engine.Model;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>
/// Trains a model on the training part and scores the test part, per line (line labels) or per session
/// (session score = the maximum of its line scores and its closing score; flagged when any of its lines is flagged or
/// its closing verdict is anomalous, see <see cref="ILogStreamScorer.CloseAll"/>). Lines are scored once each,
/// in file order, by one stream scorer (<see cref="IAnomalyModel.OpenStream"/>) that first observed the training
/// part, as a daemon's stream would have: a line's score uses what came before it, never what follows.
/// </summary>
public static class DetectionEvaluator
{
    /// <summary>Runs the evaluation. Throws <see cref="ArgumentException"/> when the test data cannot be scored (no labels, one class).</summary>
    public static DetectionReport Run(
        IAnomalyModelTrainer trainer, EvaluationSplit split, SessionSpec? sessions, CancellationToken cancellationToken = default)
    {
        if (sessions is null && split.Test.Any(l => l.IsAnomaly is null))
        {
            throw new ArgumentException(
                "the test lines carry no labels (only the bgl format has line labels): give --labels with --session-regex");
        }

        var trainWatch = Stopwatch.StartNew();
        var model = trainer.Train(split.Train, cancellationToken);
        trainWatch.Stop();

        var scoreWatch = Stopwatch.StartNew();
        var toScore = sessions is null
            ? split.Test.Select(l => (Line: l, Key: (string?)null)).ToArray()
            : split.Test.Select(l => (Line: l, Key: l.Record.Session ?? sessions.KeyOf(l.RawLine))).Where(p => p.Key is not null).ToArray();
        var stream = model.OpenStream();
        foreach (var record in split.Train)
        {
            stream.Observe(record);
        }

        var verdicts = new AnomalyVerdict[toScore.Length];
        for (var i = 0; i < toScore.Length; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var record = toScore[i].Line.Record;
            verdicts[i] = stream.Score(toScore[i].Key is { } key && record.Session is null ? record with { Session = key } : record);
        }

        // The evaluator has no clock: at the end of input, sessions idle long enough are judged by how they ended.
        var closings = sessions is null ? [] : stream.CloseAll().ToDictionary(c => c.Session, c => c.Verdict, StringComparer.Ordinal);
        scoreWatch.Stop();

        var scores = new List<double>();
        var flagged = new List<bool>();
        var labels = new List<bool>();
        long withoutLabel = 0;
        if (sessions is null)
        {
            for (var i = 0; i < toScore.Length; i++)
            {
                scores.Add(verdicts[i].Score);
                flagged.Add(verdicts[i].IsAnomaly);
                labels.Add(toScore[i].Line.IsAnomaly!.Value);
            }
        }
        else
        {
            // Insertion order keeps the sessions in order of first appearance, so runs are reproducible.
            var bySession = new Dictionary<string, (double Max, bool Any)>(StringComparer.Ordinal);
            var order = new List<string>();
            for (var i = 0; i < toScore.Length; i++)
            {
                var key = toScore[i].Key!;
                if (!bySession.TryGetValue(key, out var agg))
                {
                    order.Add(key);
                    agg = (double.NegativeInfinity, false);
                }

                bySession[key] = (Math.Max(agg.Max, verdicts[i].Score), agg.Any || verdicts[i].IsAnomaly);
            }

            foreach (var (key, closing) in closings)
            {
                if (bySession.TryGetValue(key, out var agg))
                {
                    bySession[key] = (Math.Max(agg.Max, closing.Score), agg.Any || closing.IsAnomaly);
                }
            }

            foreach (var key in order)
            {
                if (!sessions.Labels.TryGet(key, out var isAnomaly))
                {
                    withoutLabel++;
                    continue;
                }

                scores.Add(bySession[key].Max);
                flagged.Add(bySession[key].Any);
                labels.Add(isAnomaly);
            }
        }

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
            DetectionMetrics.From(scores, flagged, labels),
            model.Threshold,
            trainWatch.Elapsed,
            scoreWatch.Elapsed);
    }
}
