using Lad.Engine.Score;
using Lad.Grains.DeadLetters;
using Lad.Grains.Sink;
using Lad.Grains.Source;

namespace Lad.Grains.Detection;

/// <summary>Scores a batch line by line in the host's stream; a line the model cannot score becomes a dead letter and
/// the lines after it are still scored.</summary>
public static class BatchScorer
{
    /// <summary>Scores <paramref name="records"/> in order.</summary>
    /// <param name="sourceCollection">The input collection the records came from.</param>
    /// <param name="records">The batch's records.</param>
    /// <param name="stream">The host's stream, which keeps each line as context for the next.</param>
    /// <param name="suppressed">Whether feedback silences a line, given its message and template.</param>
    /// <param name="modelVersion">Identifies the model that judges.</param>
    /// <param name="detectedAt">When the verdicts are made (UTC).</param>
    /// <param name="sessions">Keys lines by session where the source names a session key; then sessions the stream
    /// closes as ended oddly are reported at their last line.</param>
    public static ScoredBatch Score(
        string sourceCollection,
        IEnumerable<PolledRecord> records,
        ILogStreamScorer stream,
        Func<string, string, bool> suppressed,
        string modelVersion,
        DateTime detectedAt,
        SessionTails? sessions = null)
    {
        var anomalies = new List<DetectedAnomaly>();
        var failures = new List<DeadLetter>();
        var scored = 0;
        var scoreSum = 0.0;
        foreach (var read in records)
        {
            var polled = sessions?.Keyed(read) ?? read;
            AnomalyVerdict? verdict;
            double score;
            try
            {
                verdict = stream.ScoreAnomaly(polled.Record, out score, out _);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new DeadLetter(
                    sourceCollection, polled.Record.Host, polled.Id, DeadLetterReason.ScoringFailed, $"{e.GetType().Name}: {e.Message}", polled.Document));
                continue;
            }

            scored++;
            scoreSum += score;
            if (verdict is not null && !suppressed(polled.Record.Message, verdict.Explanation.Template))
            {
                anomalies.Add(new DetectedAnomaly(polled, verdict, modelVersion, detectedAt));
            }
        }

        // Sessions silent long enough (counted in this host's lines) are judged by how they ended.
        foreach (var (last, ending) in sessions?.Ended(stream.CloseIdle()) ?? [])
        {
            if (!suppressed(last.Record.Message, ending.Verdict.Explanation.Template))
            {
                anomalies.Add(new DetectedAnomaly(last, ending.Verdict, modelVersion, detectedAt, EndedSession: ending.Session));
            }
        }

        return new ScoredBatch(anomalies, scored, scoreSum, failures);
    }
}
