using System.Text.Json;
using Lad.Grains.Alerts;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Alerts;

/// <summary>A scripted incident (opened, grown, acknowledged, resolved) reaches a real Alertmanager as one alert, updated
/// in place and ended when the incident is resolved.</summary>
public class AlertmanagerDeliveryTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnIncidentIsOneAlertUpdatedInPlaceAndEndedWhenResolved()
    {
        AlertmanagerProcess.SkipUnlessInstalled();
        await using var notified = WebhookReceiver.OnFreePort();
        await notified.StartAsync();
        await using var alertmanager = await AlertmanagerProcess.StartAsync(notified.Url);
        var options = DeliveryHarness.FastOptions();
        options.AlertmanagerUrl = alertmanager.Url;
        options.Severity = "critical";
        await using var delivery = await DeliveryHarness.StartAsync(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("am")), options);
        using var http = new HttpClient();
        var incident = new ScriptedIncident("dddd000000000004");

        await delivery.ReportAsync(incident.Opened());
        var opened = Assert.Single(await Eventually.WaitAsync(() => AlertsAsync(http, alertmanager.Url), a => a.Count == 1, Wait, a => $"{a.Count} alerts"));
        var labels = Strings(opened.GetProperty("labels"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["alertname"] = AlertmanagerAlert.AlertName, ["incident"] = incident.Id, ["source"] = "switch_logs", ["host"] = "cumulus",
                ["template"] = "kernel panic: fatal exception in <*>", ["severity"] = "critical",
            },
            labels);
        Assert.Equal(new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), opened.GetProperty("startsAt").GetDateTime().ToUniversalTime());
        Assert.Equal($"https://lad.example.org/api/incidents/{incident.Id}", Strings(opened.GetProperty("annotations"))["link"]);

        // Growth on another host and an acknowledgement update the same alert (same labels, latest annotations).
        await delivery.ReportAsync(incident.Grown(4, "EXOS-VM"));
        await delivery.ReportAsync(incident.Acknowledged("alice"));
        var updated = Assert.Single(await Eventually.WaitAsync(
            () => AlertsAsync(http, alertmanager.Url), a => a.Count == 1 && Strings(a[0].GetProperty("annotations")).GetValueOrDefault("acknowledged_by") == "alice",
            Wait, a => string.Join("; ", a.Select(x => x.GetProperty("annotations").ToString()))));
        var annotations = Strings(updated.GetProperty("annotations"));
        Assert.Equal(labels, Strings(updated.GetProperty("labels")));
        Assert.Equal(("4", "EXOS-VM,cumulus", "acknowledged"), (annotations["count"], annotations["hosts"], annotations["state"]));
        Assert.StartsWith("4 anomalous line(s) on EXOS-VM, cumulus (switch_logs): kernel panic", annotations["summary"]);
        Assert.Equal("template never seen in training; word 'panic' never seen", annotations["description"]);

        // Resolved: Alertmanager ends the alert at the incident's resolution and notifies its receiver so.
        await delivery.ReportAsync(incident.Resolved());
        await Eventually.WaitAsync(() => AlertsAsync(http, alertmanager.Url), a => a.Count == 0, Wait, a => $"{a.Count} active alerts");
        var resolved = await Eventually.WaitAsync(
            () => Task.FromResult(notified.Accepted.Where(n => n.GetProperty("status").GetString() == "resolved").ToList()), n => n.Count >= 1, Wait,
            n => $"{notified.Accepted.Count} notifications: " + string.Join("; ", notified.Accepted.Select(x => x.GetProperty("status").GetString())));
        var ended = Assert.Single(Assert.Single(resolved).GetProperty("alerts").EnumerateArray());
        Assert.Equal(labels, Strings(ended.GetProperty("labels")));
        Assert.Equal(new DateTime(2026, 12, 1, 8, 34, 0, DateTimeKind.Utc), ended.GetProperty("endsAt").GetDateTime().ToUniversalTime());
        Assert.All(notified.Accepted, n => Assert.Equal(incident.Id, n.GetProperty("groupLabels").GetProperty("incident").GetString()));
        Assert.Empty(await delivery.Queue.AllAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<List<JsonElement>> AlertsAsync(HttpClient http, Uri alertmanager)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager, "api/v2/alerts"), TestContext.Current.CancellationToken));
        return [.. document.RootElement.EnumerateArray().Select(a => a.Clone())];
    }

    private static Dictionary<string, string> Strings(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
