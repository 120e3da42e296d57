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

    /// <summary>Remembers a line as context without scoring it, e.g. the history the model was trained on.</summary>
    void Observe(LogRecord record);
}
