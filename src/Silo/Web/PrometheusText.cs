using System.Globalization;
using System.Text;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Alerts;
using Lad.Grains.Metrics;

namespace Lad.Silo.Web;

/// <summary>Writes <see cref="LadMetrics"/> in the Prometheus text exposition format (version 0.0.4) under the
/// original log-anomaly-detector's <c>aiops_lad_*</c> names, labelled by <c>source</c> and <c>host</c> (and, for the
/// per-reason and per-state families, <c>reason</c> or <c>state</c>); alert requests by <c>receiver</c>.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Type, string Help, Func<HostMetrics, IEnumerable<Sample>> Samples)[] Families =
    [
        ("aiops_lad_loglines_count", "counter", "count of log lines processed", m => One(m.LinesScored)),
        ("aiops_lad_anomaly_count", "counter", "count of anomalies written", m => One(m.Anomalies)),
        ("aiops_lad_inference_count", "counter", "count of inference runs (scored batches)", m => One(m.Inferences)),
        ("aiops_lad_train_count", "counter", "count of training runs", m => One(m.Trainings)),
        ("aiops_lad_false_positive_count", "counter", "count of false positives reported by feedback", m => One(m.FalsePositives)),
        ("aiops_lad_threshold", "gauge", "threshold of marker for anomaly", m => One(m.Threshold)),
        ("aiops_lad_anomaly_avg_score", "gauge", "avg anomaly score of the last scored batch", m => One(m.AverageScore)),
        ("aiops_lad_sessions_held", "gauge", "sessions (SESSION_REGEX) and host streams a session-keyed detector holds after its last scored batch", m => One(m.SessionsHeld)),
        ("aiops_lad_skipped_count", "counter", "count of documents skipped as unusable, per reason",
            m => m.Skipped.Select(c => new Sample("reason", c.Key, c.Value))),
        ("aiops_lad_dead_letter_count", "counter", "count of documents set aside in lad_dead_letters, per reason",
            m => m.DeadLetters.Select(c => new Sample("reason", c.Key, c.Value))),
        ("aiops_lad_host_state", "gauge", "1 for the detector's current state (idle, training, detecting, failed), else 0",
            m => m.Phase is { } phase
                ? Enum.GetValues<DetectorPhase>().Select(p => new Sample("state", p.ToString().ToLowerInvariant(), p == phase ? 1 : 0))
                : []),
    ];

    public static string Write(LadMetrics metrics)
    {
        var hosts = metrics.Hosts();
        var text = new StringBuilder();
        foreach (var (name, type, help, samples) in Families)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (host, counters) in hosts)
            {
                foreach (var sample in samples(counters))
                {
                    if (double.IsNaN(sample.Value))
                    {
                        continue; // a gauge with no value yet (no model, no batch) is left out rather than reported as NaN
                    }

                    text.Append(name)
                        .Append("{source=\"").Append(Escape(host.Collection))
                        .Append("\",host=\"").Append(Escape(host.Hostname)).Append('"');
                    if (sample.Label is { } label)
                    {
                        text.Append(',').Append(label).Append("=\"").Append(Escape(sample.LabelValue!)).Append('"');
                    }

                    text.Append("} ").Append(sample.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        WriteAlerts(metrics.Alerts, text);
        return text.ToString();
    }

    // Only once alerts were sent: a silo without receivers (or not holding the delivery lease) shows no alert families.
    private static void WriteAlerts(AlertMetrics alerts, StringBuilder text)
    {
        var receivers = alerts.Receivers();
        if (receivers.Count == 0)
        {
            return;
        }

        foreach (var (name, help, value) in new (string, string, Func<(string Receiver, long Delivered, long Failed), long>)[]
                 {
                     ("aiops_lad_alert_delivered_count", "count of alert requests a receiver accepted", r => r.Delivered),
                     ("aiops_lad_alert_failed_count", "count of alert requests that failed and wait their retry", r => r.Failed),
                 })
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            foreach (var receiver in receivers)
            {
                text.Append(name).Append("{receiver=\"").Append(Escape(receiver.Receiver)).Append("\"} ")
                    .Append(value(receiver).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
    }

    private static Sample[] One(double value) => [new Sample(null, null, value)];

    // The format's label-value escapes: backslash, double quote and line feed.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>One value of a family for one host, with the family's extra label when it has one.</summary>
    private readonly record struct Sample(string? Label, string? LabelValue, double Value);
}
