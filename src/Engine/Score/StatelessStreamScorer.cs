using Lad.Engine.Model;
using Lad.Engine.Source;

namespace Lad.Engine.Score;

/// <summary>The stream of a model without context: every line is scored on its own.</summary>
internal sealed class StatelessStreamScorer(IAnomalyModel model) : ILogStreamScorer
{
    public AnomalyVerdict Score(LogRecord record) => model.Score(record);

    public void Observe(LogRecord record)
    {
        // Nothing to remember: lines are scored on their own.
    }
}
