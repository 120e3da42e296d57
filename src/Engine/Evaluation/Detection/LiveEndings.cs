using Lad.Engine.Model;
using Lad.Engine.Source;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>
/// Replays a test part through a fresh stream judging session endings as the daemon does: every few lines, each
/// session silent long enough is judged on its pause so far, and a session that goes on after a pause may be judged
/// again. The evaluation's session verdicts judge each session once, at the end of input, on the whole of it; a model
/// whose idle limits the test part outgrows reports endings live that the end of input never shows, and this tells
/// how many.
/// </summary>
public static class LiveEndings
{
    /// <summary>
    /// Test lines between two judgements: a daemon judges after each poll's batch, so a quiet host judges after every
    /// few lines. Judging later only delays a report (an ending's score grows with the silence); judging after every
    /// line costs a pass over every open session per line.
    /// </summary>
    public const int JudgedEveryLines = 10;

    /// <summary>Replays <paramref name="toScore"/> (test lines with their session keys) after the training part.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="train">The training part, observed first as the evaluation's own stream observes it.</param>
    /// <param name="sessionsToCome">The sessions of <paramref name="toScore"/>, whose lines of the training part the stream keeps.</param>
    /// <param name="toScore">The test lines scored, in order, each with its session.</param>
    /// <param name="labels">The session labels.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    public static LiveEndingsReport Replay(
        IAnomalyModel model, IReadOnlyList<LogRecord> train, IReadOnlySet<string> sessionsToCome,
        IReadOnlyList<(LogRecord Record, string Session)> toScore, SessionLabels labels, CancellationToken cancellationToken = default)
    {
        var stream = model.OpenStream();
        stream.ObserveHistory(train, sessionsToCome);
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        long reports = 0;
        for (var i = 0; i < toScore.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            stream.ScoreAnomaly(toScore[i].Record, out _, out _);
            if ((i + 1) % JudgedEveryLines == 0 || i == toScore.Count - 1)
            {
                foreach (var ending in stream.CloseIdle())
                {
                    if (ending.Verdict.IsAnomaly)
                    {
                        reports++;
                        flagged.Add(ending.Session);
                    }
                }
            }
        }

        long normal = 0, anomalous = 0, flaggedNormal = 0, flaggedAnomalous = 0;
        foreach (var session in toScore.Select(l => l.Session).Distinct(StringComparer.Ordinal))
        {
            if (!labels.TryGet(session, out var isAnomaly))
            {
                continue;
            }

            var wasFlagged = flagged.Contains(session);
            if (isAnomaly)
            {
                anomalous++;
                flaggedAnomalous += wasFlagged ? 1 : 0;
            }
            else
            {
                normal++;
                flaggedNormal += wasFlagged ? 1 : 0;
            }
        }

        return new LiveEndingsReport(JudgedEveryLines, reports, flaggedNormal, normal, flaggedAnomalous, anomalous);
    }
}
