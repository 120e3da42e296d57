using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Support;

/// <summary>
/// One host's history trained with the default model, then its later lines scored as they arrive, each with whether it
/// was planted as a fault and whether it was flagged.
/// </summary>
internal sealed class HostRun
{
    private HostRun(IReadOnlyList<(LogRecord Line, bool Fault, bool Flagged)> lines) => Lines = lines;

    public IReadOnlyList<(LogRecord Line, bool Fault, bool Flagged)> Lines { get; }

    /// <summary>The messages of routine lines that were flagged.</summary>
    public IReadOnlyList<string> FalseAlarms => [.. Lines.Where(l => !l.Fault && l.Flagged).Select(l => l.Line.Message)];

    /// <summary>False alarms per 10,000 routine lines, the unit of the alarm budget.</summary>
    public double FalseAlarmsPer10k => FalseAlarms.Count * 10_000.0 / Lines.Count(l => !l.Fault);

    /// <summary>
    /// <paramref name="count"/> lines of <paramref name="normal"/>, every <paramref name="every"/>th of them (the last of
    /// each run of that many) replaced by the next of <paramref name="fault"/>, counted from 0.
    /// </summary>
    public static List<(LogRecord Line, bool Fault)> Planted(int count, int every, Func<LogRecord> normal, Func<int, LogRecord> fault) =>
        [.. Enumerable.Range(0, count).Select(i => i % every == every - 1 ? (fault(i / every), true) : (normal(), false))];

    public static HostRun Of(IReadOnlyList<LogRecord> history, IEnumerable<(LogRecord Line, bool Fault)> later)
    {
        var stream = new DefaultModelTrainer(new DetectorOptions()).Train(history, TestContext.Current.CancellationToken).OpenStream();
        foreach (var line in history)
        {
            stream.Observe(line);
        }

        return new HostRun([.. later.Select(l => (l.Line, l.Fault, stream.Score(l.Line).IsAnomaly))]);
    }
}
