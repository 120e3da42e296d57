using System.Collections.Concurrent;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.DeadLetters;
using Lad.Grains.Source;

namespace Lad.Grains.Metrics;

/// <summary>One host's detection counters in this silo, updated by its detector grain.</summary>
/// <remarks>Plain fields updated with <see cref="Interlocked"/>: the grain writes, the scrape reads from another thread.</remarks>
public sealed class HostMetrics
{
    private long _linesScored;
    private long _anomalies;
    private long _trainings;
    private long _inferences;
    private long _falsePositives;
    private long _thresholdBits = BitConverter.DoubleToInt64Bits(double.NaN);
    private long _averageScoreBits = BitConverter.DoubleToInt64Bits(double.NaN);
    private long _sessionsHeld = -1;
    private readonly ConcurrentDictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _deadLetters = new(StringComparer.Ordinal);
    private int _phase = -1;

    /// <summary>Lines scored (<c>aiops_lad_loglines_count</c>).</summary>
    public long LinesScored => Interlocked.Read(ref _linesScored);

    /// <summary>Anomalies written to the sink (<c>aiops_lad_anomaly_count</c>).</summary>
    public long Anomalies => Interlocked.Read(ref _anomalies);

    /// <summary>Finished trainings (<c>aiops_lad_train_count</c>).</summary>
    public long Trainings => Interlocked.Read(ref _trainings);

    /// <summary>Scored batches (<c>aiops_lad_inference_count</c>).</summary>
    public long Inferences => Interlocked.Read(ref _inferences);

    /// <summary>False-positive feedback received (<c>aiops_lad_false_positive_count</c>).</summary>
    public long FalsePositives => Interlocked.Read(ref _falsePositives);

    /// <summary>The current model's threshold (<c>aiops_lad_threshold</c>); NaN before the first model.</summary>
    public double Threshold => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _thresholdBits));

    /// <summary>Mean score of the last scored batch (<c>aiops_lad_anomaly_avg_score</c>); NaN before one.</summary>
    public double AverageScore => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _averageScoreBits));

    /// <summary>Sessions (<c>SESSION_REGEX</c>), with the host's own stream for lines without a key, that the detector's
    /// stream holds after its last batch (<c>aiops_lad_sessions_held</c>): what a session host's memory grows with; NaN
    /// for a host keying none.</summary>
    public double SessionsHeld => Interlocked.Read(ref _sessionsHeld) is >= 0 and var held ? held : double.NaN;

    /// <summary>Records how many sessions the detector's stream holds.</summary>
    /// <param name="sessions">Sessions held.</param>
    public void HoldsSessions(int sessions) => Interlocked.Exchange(ref _sessionsHeld, sessions);

    /// <summary>Documents skipped as unusable, per reason label (<c>aiops_lad_skipped_count</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Skipped => Sorted(_skipped);

    /// <summary>Documents set aside in the dead-letter collection, per reason label (<c>aiops_lad_dead_letter_count</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> DeadLetters => Sorted(_deadLetters);

    /// <summary>What the detector is doing (<c>aiops_lad_host_state</c>); null before it reported.</summary>
    public DetectorPhase? Phase => Volatile.Read(ref _phase) is >= 0 and var phase ? (DetectorPhase)phase : null;

    /// <summary>Records what the detector is doing now.</summary>
    /// <param name="phase">The detector's phase.</param>
    public void InPhase(DetectorPhase phase) => Volatile.Write(ref _phase, (int)phase);

    /// <summary>
    /// Clears the gauges (state, threshold, mean score, sessions held), keeping the counters: the host's activation here
    /// ended (it moved to another silo, or this silo is stopping), and the silo it runs on now reports its state; a
    /// stale <c>detecting</c> or <c>failed</c> left here would stand beside that silo's. The counters stay, so that
    /// Prometheus' sums over silos keep what this one counted.
    /// </summary>
    public void Left()
    {
        Volatile.Write(ref _phase, -1);
        Interlocked.Exchange(ref _thresholdBits, BitConverter.DoubleToInt64Bits(double.NaN));
        Interlocked.Exchange(ref _averageScoreBits, BitConverter.DoubleToInt64Bits(double.NaN));
        Interlocked.Exchange(ref _sessionsHeld, -1);
    }

    /// <summary>Records one batch's skipped and dead-lettered documents.</summary>
    /// <param name="skipped">Skipped documents per reason.</param>
    /// <param name="deadLetters">Dead letters per reason.</param>
    public void SetAside(IReadOnlyDictionary<SkipReason, int> skipped, IReadOnlyDictionary<DeadLetterReason, int> deadLetters)
    {
        foreach (var (reason, count) in skipped)
        {
            _skipped.AddOrUpdate(ReasonLabel.Of(reason.ToString()), count, (_, n) => n + count);
        }

        foreach (var (reason, count) in deadLetters)
        {
            _deadLetters.AddOrUpdate(DeadLetterLabels.Of(reason), count, (_, n) => n + count);
        }
    }

    /// <summary>Records one scored batch.</summary>
    /// <param name="lines">Lines scored.</param>
    /// <param name="anomalies">Anomalies newly written.</param>
    /// <param name="scoreSum">Sum of the lines' scores.</param>
    public void BatchScored(int lines, long anomalies, double scoreSum)
    {
        Interlocked.Add(ref _linesScored, lines);
        Interlocked.Add(ref _anomalies, anomalies);
        Interlocked.Increment(ref _inferences);
        if (lines > 0)
        {
            Interlocked.Exchange(ref _averageScoreBits, BitConverter.DoubleToInt64Bits(scoreSum / lines));
        }
    }

    /// <summary>Records a model now detecting: a finished training, or a stored model loaded (<paramref name="trained"/> false).</summary>
    /// <param name="threshold">The model's threshold.</param>
    /// <param name="trained">Whether it was trained just now.</param>
    public void ModelInUse(double threshold, bool trained)
    {
        Interlocked.Exchange(ref _thresholdBits, BitConverter.DoubleToInt64Bits(threshold));
        if (trained)
        {
            Interlocked.Increment(ref _trainings);
        }
    }

    /// <summary>Records one false-positive feedback.</summary>
    public void FalsePositiveReceived() => Interlocked.Increment(ref _falsePositives);

    private static KeyValuePair<string, long>[] Sorted(ConcurrentDictionary<string, long> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal)];
}
