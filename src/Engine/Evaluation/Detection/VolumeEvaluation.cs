using Lad.Engine.Source;
using Lad.Engine.Volume;

namespace Lad.Engine.Evaluation.Detection;

/// <summary>Replays a labelled file's timed lines through volume anomaly detection: the profile learns from the
/// training lines, the test lines run through a monitor on their own clock.</summary>
public static class VolumeEvaluation
{
    /// <summary>Runs the replay; null when the format gives the lines no times.</summary>
    /// <param name="train">The training lines.</param>
    /// <param name="test">The test lines, in file order.</param>
    /// <param name="isAnomalous">Whether a test line is labelled anomalous (its own label, or its session's).</param>
    /// <param name="options">The interval rates are counted over.</param>
    public static VolumeReport? Run(
        IReadOnlyList<LabelledLine> train, IReadOnlyList<LabelledLine> test, Func<LabelledLine, bool> isAnomalous, VolumeOptions options)
    {
        var timedTest = test.Where(l => l.Time is not null).ToList();
        if (timedTest.Count == 0 || train.All(l => l.Time is null))
        {
            return null;
        }

        var profile = VolumeProfileTrainer.Train(train.Where(l => l.Time is not null).Select(l => (l.Time!.Value, l.Record.Message)), options);
        var monitor = new VolumeMonitor(profile);
        var findings = new List<VolumeFinding>();
        foreach (var line in timedTest)
        {
            // The file's own clock: each line's time is "now" for silences and for closing intervals.
            findings.AddRange(monitor.Advance(line.Time!.Value));
            findings.AddRange(monitor.Observe(line.Time.Value, line.Record.Message));
        }

        var last = timedTest.Max(l => l.Time!.Value);
        findings.AddRange(monitor.Advance(last + (2 * options.Interval)));

        var anomalous = timedTest.Where(isAnomalous).Select(l => l.Time!.Value).Order().ToArray();
        var unexplained = findings.Count(f => !Covers(anomalous, Covered(f, options.Interval)));
        return new VolumeReport(findings.Count, unexplained, last - timedTest.Min(l => l.Time!.Value));
    }

    // What time a finding speaks of: its interval, or for a silence, the silence itself.
    private static (DateTime From, DateTime To) Covered(VolumeFinding finding, TimeSpan interval) => finding.Kind switch
    {
        VolumeFindingKind.Silent => (finding.IntervalStart, finding.IntervalStart + TimeSpan.FromSeconds(finding.Observed)),
        VolumeFindingKind.Vanished => (finding.IntervalStart - (interval * (finding.Observed - 1)), finding.IntervalStart + interval),
        _ => (finding.IntervalStart, finding.IntervalStart + interval),
    };

    private static bool Covers(DateTime[] sortedTimes, (DateTime From, DateTime To) span)
    {
        var index = Array.BinarySearch(sortedTimes, span.From);
        if (index < 0)
        {
            index = ~index;
        }

        return index < sortedTimes.Length && sortedTimes[index] < span.To;
    }
}
