using Lad.Engine.Source;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>Training history (labels ignored) and the labelled lines to score.</summary>
/// <param name="Train">What the model learns from, in file order; anomalies included as a daemon would see them.</param>
/// <param name="Test">The lines to score.</param>
public sealed record EvaluationSplit(IReadOnlyList<LogRecord> Train, IReadOnlyList<LabelledLine> Test)
{
    /// <summary>
    /// Splits one file: the first <paramref name="trainFraction"/> of its lines (file order) train, the rest test.
    /// With <paramref name="sessions"/>, every record (training ones too) carries its session key, so models learn
    /// and score context per session.
    /// </summary>
    public static EvaluationSplit ByFraction(IReadOnlyList<LabelledLine> lines, double trainFraction, SessionSpec? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        lines = sessions?.Assign(lines) ?? lines;
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentException($"--train-fraction must be greater than 0 and less than 1, not {trainFraction}");
        }

        var trainCount = (int)Math.Floor(lines.Count * trainFraction);
        if (trainCount == 0 || trainCount == lines.Count)
        {
            throw new ArgumentException(
                $"--train-fraction {trainFraction} of {lines.Count} lines leaves no training or no test lines");
        }

        var train = new LogRecord[trainCount];
        for (var i = 0; i < trainCount; i++)
        {
            train[i] = lines[i].Record;
        }

        return new EvaluationSplit(train, lines.Skip(trainCount).ToArray());
    }

    /// <summary>
    /// Uses a separate training file: all of it trains, all of the test file is scored; with
    /// <paramref name="sessions"/>, records of both carry their session keys.
    /// </summary>
    public static EvaluationSplit Explicit(IReadOnlyList<LabelledLine> train, IReadOnlyList<LabelledLine> test, SessionSpec? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        train = sessions?.Assign(train) ?? train;
        test = sessions?.Assign(test) ?? test;
        if (train.Count == 0)
        {
            throw new ArgumentException("the training file holds no log lines");
        }

        if (test.Count == 0)
        {
            throw new ArgumentException("the test file holds no log lines");
        }

        return new EvaluationSplit(train.Select(l => l.Record).ToArray(), test);
    }
}
