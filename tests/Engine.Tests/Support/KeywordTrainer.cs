using Lad.Engine.Model;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Support;

/// <summary>A transparent trainer for protocol tests: score = number of times "error" occurs; threshold 0.5.</summary>
internal sealed class KeywordTrainer : IAnomalyModelTrainer
{
    public IReadOnlyList<LogRecord>? SeenHistory { get; private set; }

    public string Kind => "keyword";

    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default)
    {
        SeenHistory = history;
        return new Model(history.Count);
    }

    private sealed class Model(long trained) : IAnomalyModel
    {
        public string Kind => "keyword";

        public double Threshold => 0.5;

        public long TrainedLines => trained;

        public AnomalyVerdict Score(LogRecord record)
        {
            var count = record.Message.Split(' ').Count(w => w == "error");
            return new AnomalyVerdict(count, Threshold, new Explanation([], record.Message, 0, 0, null));
        }

        public void WriteTo(ModelWriter writer) => writer.Write(trained);
    }
}
