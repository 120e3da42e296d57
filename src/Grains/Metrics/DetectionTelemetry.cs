using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lad.Grains.Abstractions.Detection;

namespace Lad.Grains.Metrics;

/// <summary>The detectors' OpenTelemetry traces and metrics: one <c>poll</c> span per host batch with <c>score</c> and
/// <c>write</c> spans under it, duration histograms of the three stages, and counters of lines scored and anomalies.</summary>
/// <remarks>Nothing is recorded until a listener (the silo's OpenTelemetry providers) subscribes to <see cref="Name"/>.
/// Histograms carry the source collection only, so their series do not multiply by hosts; counters and spans also carry
/// the host, as the <c>aiops_lad_*</c> series do.</remarks>
public static class DetectionTelemetry
{
    /// <summary>The name of both the activity source and the meter.</summary>
    public const string Name = "Lad.Detection";

    /// <summary>The tag naming the source collection.</summary>
    public const string SourceTag = "lad.source";

    /// <summary>The tag naming the host whose logs are scored.</summary>
    public const string HostTag = "lad.host";

    private static readonly ActivitySource Spans = new(Name);
    private static readonly Meter Meter = new(Name);

    // OpenTelemetry's default buckets (0 to 10,000) suit milliseconds; in seconds every batch would fall in the first.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private static readonly Histogram<double> PollDuration = Meter.CreateHistogram(
        "lad.poll.duration", "s", "Time to read one batch of a host's new documents from the source.", advice: SecondsBuckets);

    private static readonly Histogram<double> ScoreDuration = Meter.CreateHistogram(
        "lad.score.duration", "s", "Time to score one batch of a host's lines.", advice: SecondsBuckets);

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram(
        "lad.write.duration", "s", "Time to write one batch's anomalies and dead letters and hand the anomalies to incidents.", advice: SecondsBuckets);

    private static readonly Counter<long> LinesScored = Meter.CreateCounter<long>(
        "lad.lines.scored", "{line}", "Lines scored.");

    private static readonly Counter<long> AnomaliesWritten = Meter.CreateCounter<long>(
        "lad.anomalies", "{anomaly}", "Anomalies newly written to the sink.");

    /// <summary>Starts the span of one batch of <paramref name="host"/>, from its read to its stored checkpoint.</summary>
    /// <param name="host">The host whose batch it is.</param>
    /// <returns>The span, or null when nobody listens.</returns>
    public static Activity? StartPoll(HostKey host) => Start("poll", host);

    /// <summary>Times the read of a batch (<c>lad.poll.duration</c>).</summary>
    /// <param name="host">The host read.</param>
    public static StageTimer TimeRead(HostKey host) => new(null, PollDuration, host.Collection);

    /// <summary>Times the scoring of a batch in a <c>score</c> span (<c>lad.score.duration</c>).</summary>
    /// <param name="host">The host scored.</param>
    /// <param name="lines">How many lines the batch holds.</param>
    public static StageTimer TimeScore(HostKey host, int lines) =>
        new(Start("score", host)?.SetTag("lad.lines", lines), ScoreDuration, host.Collection);

    /// <summary>Times the writes of a batch in a <c>write</c> span (<c>lad.write.duration</c>).</summary>
    /// <param name="host">The host whose anomalies are written.</param>
    public static StageTimer TimeWrite(HostKey host) => new(Start("write", host), WriteDuration, host.Collection);

    /// <summary>Drops the span of a poll that found nothing, so traces hold batches, not every idle tick; its read
    /// still counts in <c>lad.poll.duration</c>.</summary>
    /// <param name="poll">The poll's span, if any.</param>
    public static void NothingRead(Activity? poll)
    {
        if (poll is not null)
        {
            poll.IsAllDataRequested = false;
            poll.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>Counts one stored batch's scored lines and newly written anomalies.</summary>
    /// <param name="host">The host.</param>
    /// <param name="lines">Lines scored.</param>
    /// <param name="anomalies">Anomalies newly inserted.</param>
    public static void Counted(HostKey host, int lines, long anomalies)
    {
        var tags = new TagList { { SourceTag, host.Collection }, { HostTag, host.Hostname } };
        LinesScored.Add(lines, tags);
        AnomaliesWritten.Add(anomalies, tags);
    }

    private static Activity? Start(string name, HostKey host) =>
        Spans.StartActivity(name)?.SetTag(SourceTag, host.Collection).SetTag(HostTag, host.Hostname);
}
