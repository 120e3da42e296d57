using System.Diagnostics;
using Lad.Grains.Metrics;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo.Web;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Metrics;

public class DetectionTelemetryTests(MongoServerFixture server)
{
    // A collection no other test uses: the telemetry providers listen process-wide.
    private const string Source = "telemetry_logs";
    private const string Host = "cumulus";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ScoringABatchTracesPollScoreAndWriteAndRecordsTheHistograms()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("otel_in"), MongoServerFixture.NewDatabaseName("otel_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Source, Host, 200);
        await using var cluster = await DaemonCluster.StartAsync(
            OneSource(server.ConnectionString, inputDb, targetDb, Source, Host, "telemetry_anomaly"), captureTelemetry: true);
        await cluster.WaitAllDetectingAsync(Wait);

        // Two rounds: the first batch after training is read by the host itself, a later one is handed over by its
        // collection's shared poll, and each path must trace its batches alike.
        await store.InsertAsync(Source, [.. Enumerable.Range(0, 20).Select(i => LogStore.Document(Host, LogStore.Normal(Host, i)))]);
        await Eventually.WaitAsync(
            () => cluster.Host(Source, Host).GetStatusAsync(), s => s.LinesScored >= 20, Wait, s => $"{s.LinesScored} lines scored");
        await store.InsertAsync(Source, [
            .. Enumerable.Range(20, 10).Select(i => LogStore.Document(Host, LogStore.Normal(Host, i))),
            LogStore.Document(Host, LogStore.Foreign(1)),
            LogStore.Document(Host, LogStore.Foreign(2)),
        ]);
        var status = await Eventually.WaitAsync(
            () => cluster.Host(Source, Host).GetStatusAsync(),
            s => s.LinesScored >= 32 && s.Anomalies >= 2,
            Wait,
            s => $"{s.LinesScored} lines scored, {s.Anomalies} anomalies");
        // A batch's poll span ends once its checkpoint is stored, a moment after the status can show its lines (status
        // requests interleave with the batch), so the spans are read once every score span's poll has ended.
        var captured = cluster.SiloServices.GetRequiredService<CapturedTelemetry>();
        var (spans, metrics) = await Eventually.WaitAsync(
            () => Task.FromResult(OfThisSource(captured.Flush(cluster.SiloServices))),
            c => c.Spans.Any(s => s.OperationName == "score")
                && c.Spans.Where(s => s.OperationName == "score").All(score => c.Spans.Any(poll => poll.OperationName == "poll" && poll.SpanId == score.ParentSpanId)),
            Wait,
            c => $"{c.Spans.Count(s => s.OperationName == "poll")} poll spans for {c.Spans.Count(s => s.OperationName == "score")} score spans");
        var prometheus = PrometheusText.Write(cluster.SiloServices.GetRequiredService<LadMetrics>());

        var polls = spans.Where(s => s.OperationName == "poll").ToDictionary(s => s.SpanId);
        var scores = spans.Where(s => s.OperationName == "score").ToList();
        var writes = spans.Where(s => s.OperationName == "write").ToList();
        Assert.NotEmpty(polls);
        Assert.Equal(polls.Count, scores.Count); // a poll that read nothing leaves no span
        Assert.Equal(polls.Count, writes.Count);
        Assert.All(spans, s => Assert.Equal(Host, Tag(s, DetectionTelemetry.HostTag)));
        foreach (var child in scores.Concat(writes))
        {
            var poll = Assert.Contains(child.ParentSpanId, polls);
            Assert.Equal(poll.TraceId, child.TraceId);
            Assert.InRange(child.StartTimeUtc, poll.StartTimeUtc, poll.StartTimeUtc + poll.Duration);
        }

        Assert.All(polls.Values, poll => Assert.True(
            scores.Single(s => s.ParentSpanId == poll.SpanId).StartTimeUtc <= writes.Single(w => w.ParentSpanId == poll.SpanId).StartTimeUtc));
        Assert.Equal(status.LinesScored, scores.Sum(s => (int)s.GetTagItem("lad.lines")!));
        Assert.Equal(status.Anomalies, writes.Sum(s => (int)s.GetTagItem("lad.anomalies")!));

        foreach (var name in new[] { "lad.poll.duration", "lad.score.duration", "lad.write.duration" })
        {
            var point = Point(metrics, name, Source);
            Assert.True(point.GetHistogramCount() >= polls.Count, $"{name}: {point.GetHistogramCount()} values for {polls.Count} batches");
            Assert.True(point.GetHistogramSum() > 0, $"{name} recorded no time");
            var bounds = new List<double>();
            foreach (var bucket in point.GetHistogramBuckets())
            {
                bounds.Add(bucket.ExplicitBound);
            }

            Assert.Equal(0.001, bounds[0]); // buckets in seconds, not OpenTelemetry's default (milliseconds)
            Assert.Equal(30, bounds[^2]);
        }

        Assert.Equal(status.LinesScored, Point(metrics, "lad.lines.scored", Source).GetSumLong());
        Assert.Equal(status.Anomalies, Point(metrics, "lad.anomalies", Source).GetSumLong());
        Assert.Equal(status.LinesScored, Exposition.Value(prometheus, "aiops_lad_loglines_count", Source, Host)); // the Prometheus series stay
        Assert.Equal(status.Anomalies, Exposition.Value(prometheus, "aiops_lad_anomaly_count", Source, Host));
        Assert.Contains(metrics, m => m.Name.StartsWith("orleans-", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Name.StartsWith("dotnet.", StringComparison.Ordinal));
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key) as string;

    private static (List<Activity> Spans, IReadOnlyList<MetricSnapshot> Metrics) OfThisSource((IReadOnlyList<Activity> Spans, IReadOnlyList<MetricSnapshot> Metrics) captured) =>
        (captured.Spans.Where(s => s.Source.Name == DetectionTelemetry.Name && Tag(s, DetectionTelemetry.SourceTag) == Source).ToList(), captured.Metrics);

    // The newest snapshot of a metric holds its running totals; its point for this source is the one to read.
    private static MetricPoint Point(IReadOnlyList<MetricSnapshot> metrics, string name, string source)
    {
        var snapshot = metrics.LastOrDefault(m => m.Name == name);
        Assert.True(snapshot is not null, $"no {name} exported; exported: {string.Join(", ", metrics.Select(m => m.Name).Distinct().Order())}");
        return Assert.Single(snapshot.MetricPoints, p => Tags(p).Contains(new KeyValuePair<string, object?>(DetectionTelemetry.SourceTag, source)));
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }
}
