using System.Net;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.DeadLetters;
using Lad.Grains.Metrics;
using Lad.Grains.Source;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lad.Integration.Tests.Metrics;

public class PrometheusTextTests
{
    private static readonly string[] Families =
    [
        "aiops_lad_loglines_count", "aiops_lad_anomaly_count", "aiops_lad_inference_count", "aiops_lad_train_count",
        "aiops_lad_false_positive_count", "aiops_lad_threshold", "aiops_lad_anomaly_avg_score", "aiops_lad_sessions_held",
    ];

    [Fact]
    public void EveryFamilyHasHelpAndTypeAndOneSamplePerHost()
    {
        var metrics = new LadMetrics();
        var web = metrics.For(new HostKey("web_logs", "dataform"));
        web.ModelInUse(2.5, trained: true);
        web.BatchScored(lines: 40, anomalies: 3, scoreSum: 40);
        web.BatchScored(lines: 10, anomalies: 1, scoreSum: 5);
        web.FalsePositiveReceived();
        web.HoldsSessions(120);
        web.HoldsSessions(37);
        metrics.For(new HostKey("network_logs", "cumulus")).ModelInUse(1.25, trained: false);

        var text = PrometheusText.Write(metrics);

        foreach (var family in Families)
        {
            Assert.Contains($"# HELP {family} ", text, StringComparison.Ordinal);
            Assert.Matches($"(?m)^# TYPE {family} (counter|gauge)$", text);
        }

        var samples = Exposition.Samples(text);
        Assert.Equal(50, samples[("aiops_lad_loglines_count", "web_logs", "dataform")]);
        Assert.Equal(4, samples[("aiops_lad_anomaly_count", "web_logs", "dataform")]);
        Assert.Equal(2, samples[("aiops_lad_inference_count", "web_logs", "dataform")]);
        Assert.Equal(1, samples[("aiops_lad_train_count", "web_logs", "dataform")]);
        Assert.Equal(1, samples[("aiops_lad_false_positive_count", "web_logs", "dataform")]);
        Assert.Equal(2.5, samples[("aiops_lad_threshold", "web_logs", "dataform")]);
        Assert.Equal(0.5, samples[("aiops_lad_anomaly_avg_score", "web_logs", "dataform")]); // the last batch's mean
        Assert.Equal(37, samples[("aiops_lad_sessions_held", "web_logs", "dataform")]); // as the last batch left them
        Assert.False(samples.ContainsKey(("aiops_lad_sessions_held", "network_logs", "cumulus"))); // keys no sessions

        // A loaded (not trained) model counts no training; a host with no batch yet has no average score, not NaN.
        Assert.Equal(0, samples[("aiops_lad_train_count", "network_logs", "cumulus")]);
        Assert.Equal(1.25, samples[("aiops_lad_threshold", "network_logs", "cumulus")]);
        Assert.False(samples.ContainsKey(("aiops_lad_anomaly_avg_score", "network_logs", "cumulus")));
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipsAndDeadLettersAreCountedPerReasonAndTheHostStateIsAGaugePerState()
    {
        var metrics = new LadMetrics();
        var host = metrics.For(new HostKey("network_logs", "cumulus"));
        host.SetAside(new Dictionary<SkipReason, int> { [SkipReason.MissingMessage] = 2 }, new Dictionary<DeadLetterReason, int> { [DeadLetterReason.ScoringFailed] = 1 });
        host.SetAside(new Dictionary<SkipReason, int> { [SkipReason.MissingMessage] = 3, [SkipReason.IdNotObjectId] = 1 }, new Dictionary<DeadLetterReason, int>());
        host.InPhase(DetectorPhase.Failed);
        metrics.For(new HostKey("web_logs", "dataform")).BatchScored(1, 0, 0);

        var text = PrometheusText.Write(metrics);

        Assert.Matches("(?m)^# TYPE aiops_lad_skipped_count counter$", text);
        Assert.Matches("(?m)^# TYPE aiops_lad_dead_letter_count counter$", text);
        Assert.Matches("(?m)^# TYPE aiops_lad_host_state gauge$", text);
        var samples = Exposition.Samples(text);
        Assert.Equal(5, samples[("aiops_lad_skipped_count{reason=\"missing_message\"}", "network_logs", "cumulus")]);
        Assert.Equal(1, samples[("aiops_lad_skipped_count{reason=\"id_not_object_id\"}", "network_logs", "cumulus")]);
        Assert.Equal(1, samples[("aiops_lad_dead_letter_count{reason=\"scoring_failed\"}", "network_logs", "cumulus")]);
        Assert.Equal(1, samples[("aiops_lad_host_state{state=\"failed\"}", "network_logs", "cumulus")]);
        Assert.Equal(0, samples[("aiops_lad_host_state{state=\"detecting\"}", "network_logs", "cumulus")]);
        Assert.DoesNotContain(samples.Keys, k => k.Host == "dataform" && k.Name.StartsWith("aiops_lad_host_state", StringComparison.Ordinal)); // no state reported yet
    }

    [Fact]
    public void AHostThatLeftTheSiloKeepsItsCountersAndAForgottenHostShowsNothing()
    {
        var metrics = new LadMetrics();
        var moved = metrics.For(new HostKey("network_logs", "cumulus"));
        moved.ModelInUse(0.3, trained: true);
        moved.BatchScored(lines: 20, anomalies: 2, scoreSum: 4);
        moved.HoldsSessions(5);
        moved.InPhase(DetectorPhase.Detecting);
        var removed = new HostKey("web_logs", "dataform");
        metrics.For(removed).InPhase(DetectorPhase.Idle);

        moved.Left();
        metrics.Forget(removed);

        var samples = Exposition.Samples(PrometheusText.Write(metrics));
        Assert.Equal((20.0, 2.0, 1.0), (samples[("aiops_lad_loglines_count", "network_logs", "cumulus")],
            samples[("aiops_lad_anomaly_count", "network_logs", "cumulus")], samples[("aiops_lad_train_count", "network_logs", "cumulus")]));
        Assert.DoesNotContain(samples.Keys, k => k.Host == "cumulus" && (k.Name.StartsWith("aiops_lad_host_state", StringComparison.Ordinal)
            || k.Name is "aiops_lad_threshold" or "aiops_lad_anomaly_avg_score" or "aiops_lad_sessions_held"));
        Assert.DoesNotContain(samples.Keys, k => k.Host == "dataform");

        // Back on this silo, it reports its state again.
        metrics.For(new HostKey("network_logs", "cumulus")).InPhase(DetectorPhase.Training);
        Assert.Equal(1, Exposition.Samples(PrometheusText.Write(metrics))[("aiops_lad_host_state{state=\"training\"}", "network_logs", "cumulus")]);
    }

    [Fact]
    public void AlertRequestsAreCountedPerReceiverOnceAnyWasSent()
    {
        var metrics = new LadMetrics();
        Assert.DoesNotContain("aiops_lad_alert", PrometheusText.Write(metrics), StringComparison.Ordinal);

        metrics.Alerts.Delivered("webhook");
        metrics.Alerts.Delivered("webhook");
        metrics.Alerts.Failed("webhook");
        metrics.Alerts.Delivered("alertmanager");
        var text = PrometheusText.Write(metrics);

        Assert.Matches("(?m)^# TYPE aiops_lad_alert_delivered_count counter$", text);
        Assert.Matches("(?m)^# TYPE aiops_lad_alert_failed_count counter$", text);
        Assert.Contains("aiops_lad_alert_delivered_count{receiver=\"webhook\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("aiops_lad_alert_delivered_count{receiver=\"alertmanager\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("aiops_lad_alert_failed_count{receiver=\"webhook\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("aiops_lad_alert_failed_count{receiver=\"alertmanager\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelValuesAreEscaped()
    {
        var metrics = new LadMetrics();
        metrics.For(new HostKey("odd\"source", "back\\slash\nhost")).BatchScored(7, 0, 0);

        var text = PrometheusText.Write(metrics);

        Assert.Contains("aiops_lad_loglines_count{source=\"odd\\\"source\",host=\"back\\\\slash\\nhost\"} 7\n", text, StringComparison.Ordinal);
        Assert.Equal(7, Exposition.Value(text, "aiops_lad_loglines_count", "odd\"source", "back\\slash\nhost"));
    }

    [Fact]
    public async Task SiloServesMetricsOverHttpWithThePrometheusContentType()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IGrainFactory>(_ => throw new InvalidOperationException("no cluster in this test"));
        builder.Services.AddSingleton<LadMetrics>();
        builder.Services.AddSingleton(new WebSecuritySettings(MetricsAuth: false));
        await using var app = builder.Build();
        app.MapLadEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        app.Services.GetRequiredService<LadMetrics>().For(new HostKey("network_logs", "cumulus")).BatchScored(12, 2, 6);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(new Uri(address), "/metrics"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(12, Exposition.Value(body, "aiops_lad_loglines_count", "network_logs", "cumulus"));
        Assert.Equal(2, Exposition.Value(body, "aiops_lad_anomaly_count", "network_logs", "cumulus"));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
