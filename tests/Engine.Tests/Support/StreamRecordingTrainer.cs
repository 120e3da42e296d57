using Lad.Engine.Model;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Support;

/// <summary>A trainer whose stream records every call, to check what an evaluator feeds a stream and in which order.</summary>
internal sealed class StreamRecordingTrainer : IAnomalyModelTrainer
{
    public IReadOnlyList<LogRecord>? SeenHistory { get; private set; }

    public List<string> Calls { get; } = [];

    public string Kind => "recording";

    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default)
    {
        SeenHistory = history;
        return new Model(Calls);
    }

    private sealed class Model(List<string> calls) : IAnomalyModel, ILogStreamScorer
    {
        public string Kind => "recording";

        public double Threshold => 0.5;

        public long TrainedLines => 0;

        public AnomalyVerdict Score(LogRecord record)
        {
            calls.Add($"score {record.Message}@{record.Session}");
            var score = record.Message.Contains("error", StringComparison.Ordinal) ? 1 : 0;
            return new AnomalyVerdict(score, Threshold, new Explanation([], record.Message, 0, 0, null));
        }

        public void Observe(LogRecord record) => calls.Add($"observe {record.Message}");

        public ILogStreamScorer OpenStream() => this;

        public void WriteTo(ModelWriter writer) => writer.Write(0);
    }
}
