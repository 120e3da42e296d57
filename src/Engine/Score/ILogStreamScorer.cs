using Lad.Engine.Source;

namespace Lad.Engine.Score;

/// <summary>
/// Scores lines in arrival order, keeping bounded context (per session key, else per host stream) so a line can be
/// judged by what came before it. Not thread-safe: one stream is fed by one reader, in order.
/// </summary>
public interface ILogStreamScorer
{
    /// <summary>Scores one line given what this stream saw before it, then remembers the line as context.</summary>
    AnomalyVerdict Score(LogRecord record);

    /// <summary>
    /// Scores one line as <see cref="Score"/> does, returning its verdict only when the line is anomalous: a detector
    /// that keeps only anomalies need not pay for the explanation of every routine line (the default model builds none,
    /// and allocates nothing for most routine lines).
    /// </summary>
    /// <param name="record">The line, in arrival order.</param>
    /// <param name="score">The line's score, anomalous or not.</param>
    /// <param name="threshold">The threshold the score was held against (a model may hold lines of different kinds to
    /// different bars), so a caller can rank lines by their margin without a verdict.</param>
    /// <returns>The verdict of an anomalous line, else null.</returns>
    AnomalyVerdict? ScoreAnomaly(LogRecord record, out double score, out double threshold)
    {
        var verdict = Score(record);
        score = verdict.Score;
        threshold = verdict.Threshold;
        return verdict.IsAnomaly ? verdict : null;
    }

    /// <summary>How many contexts (sessions and host streams) the stream remembers now; 0 for a stream that keeps none.</summary>
    int OpenContexts => 0;

    /// <summary>Remembers a line as context without scoring it, e.g. the history the model was trained on.</summary>
    void Observe(LogRecord record);

    /// <summary>
    /// Remembers <paramref name="history"/> as <see cref="Observe"/> would each line, for a caller that knows the
    /// sessions of the lines it will score next (<paramref name="sessionsToCome"/>, by session key): a stream may then
    /// leave out the lines of sessions that never come back, provided every verdict and closing of what it scores next
    /// is the one observing every line gives. The default observes every line.
    /// </summary>
    void ObserveHistory(IEnumerable<LogRecord> history, IReadOnlySet<string> sessionsToCome)
    {
        foreach (var record in history)
        {
            Observe(record);
        }
    }

    /// <summary>
    /// Closes the sessions idle for longer than training sessions ever paused after their last line (counted in
    /// lines of this stream, since a stream need not carry a clock) and returns how each ended. Each pause is judged
    /// once; a later line with the same key continues the session. Models without sessions return nothing.
    /// </summary>
    /// <param name="explainNormal">Whether an ending that is not anomalous carries its reasons too. A detector that
    /// keeps only anomalies need not pay for explaining every session that ended as training's did (as with
    /// <see cref="ScoreAnomaly"/>); without it such a verdict has its score, threshold and template, and no reasons.</param>
    IReadOnlyList<SessionVerdict> CloseIdle(bool explainNormal = false) => [];

    /// <summary>
    /// At the end of input: closes every session as <see cref="CloseIdle"/> would, and forgets the rest unjudged,
    /// because a session still within its usual pause may simply have been cut off by the end of the input.
    /// </summary>
    /// <param name="explainNormal">As for <see cref="CloseIdle"/>.</param>
    IReadOnlyList<SessionVerdict> CloseAll(bool explainNormal = false) => [];
}
