using System.Globalization;
using System.Text;
using Lad.Grains.Metrics;

namespace Lad.Silo.Web;

/// <summary>Writes <see cref="LadMetrics"/> in the Prometheus text exposition format (version 0.0.4) under the
/// original log-anomaly-detector's <c>aiops_lad_*</c> names, labelled by <c>source</c> and <c>host</c>.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Type, string Help, Func<HostMetrics, double> Value)[] Families =
    [
        ("aiops_lad_loglines_count", "counter", "count of log lines processed", m => m.LinesScored),
        ("aiops_lad_anomaly_count", "counter", "count of anomalies written", m => m.Anomalies),
        ("aiops_lad_inference_count", "counter", "count of inference runs (scored batches)", m => m.Inferences),
        ("aiops_lad_train_count", "counter", "count of training runs", m => m.Trainings),
        ("aiops_lad_false_positive_count", "counter", "count of false positives reported by feedback", m => m.FalsePositives),
        ("aiops_lad_threshold", "gauge", "threshold of marker for anomaly", m => m.Threshold),
        ("aiops_lad_anomaly_avg_score", "gauge", "avg anomaly score of the last scored batch", m => m.AverageScore),
    ];

    public static string Write(LadMetrics metrics)
    {
        var hosts = metrics.Hosts();
        var text = new StringBuilder();
        foreach (var (name, type, help, value) in Families)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (host, counters) in hosts)
            {
                var v = value(counters);
                if (double.IsNaN(v))
                {
                    continue; // a gauge with no value yet (no model, no batch) is left out rather than reported as NaN
                }

                text.Append(name)
                    .Append("{source=\"").Append(Escape(host.Collection))
                    .Append("\",host=\"").Append(Escape(host.Hostname))
                    .Append("\"} ").Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    // The format's label-value escapes: backslash, double quote and line feed.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}
