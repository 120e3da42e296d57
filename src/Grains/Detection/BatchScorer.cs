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
    public static ScoredBatch Score(
        string sourceCollection,
        IEnumerable<PolledRecord> records,
        ILogStreamScorer stream,
        Func<string, string, bool> suppressed,
        string modelVersion,
        DateTime detectedAt)
    {
        var anomalies = new List<DetectedAnomaly>();
        var failures = new List<DeadLetter>();
        var scored = 0;
        var scoreSum = 0.0;
        foreach (var polled in records)
        {
            AnomalyVerdict verdict;
            try
            {
                verdict = stream.Score(polled.Record);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new DeadLetter(
                    sourceCollection, polled.Record.Host, polled.Id, DeadLetterReason.ScoringFailed, $"{e.GetType().Name}: {e.Message}", polled.Document));
                continue;
            }

            scored++;
            scoreSum += verdict.Score;
            if (verdict.IsAnomaly && !suppressed(polled.Record.Message, verdict.Explanation.Template))
            {
                anomalies.Add(new DetectedAnomaly(polled, verdict, modelVersion, detectedAt));
            }
        }

        return new ScoredBatch(anomalies, scored, scoreSum, failures);
    }
}
