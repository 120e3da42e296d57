using System.Text.Json;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Alerts;

/// <summary>Incidents reach a real HTTP receiver across its outage (refusing with 503, then down): each incident's latest
/// state arrives once it is back, nothing is lost and nothing arrives twice.</summary>
public class WebhookOutageTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AReceiverOutageLosesNothingDoublesNothingAndDeliversEachIncidentsLatestState()
    {
        await using var receiver = WebhookReceiver.OnFreePort();
        await receiver.StartAsync();
        var options = DeliveryHarness.FastOptions();
        options.WebhookUrl = new Uri(receiver.Url);
        await using var delivery = await DeliveryHarness.StartAsync(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("hook")), options);
        var (a, b) = (new ScriptedIncident("aaaa000000000001"), new ScriptedIncident("bbbb000000000002", firstHost: "EXOS-VM"));

        await delivery.ReportAsync(a.Opened());
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 1, Wait, d => $"{d.Count} accepted");

        // The receiver refuses: A grows twice and B opens meanwhile.
        receiver.Refusing = true;
        await delivery.ReportAsync(a.Grown(3, "EXOS-VM"));
        await delivery.ReportAsync(a.Grown(5), b.Opened());
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Refused), r => r >= 3, Wait, r => $"{r} refused");

        // Then it is down altogether, and B grows.
        await receiver.StopAsync();
        await delivery.ReportAsync(b.Grown(2));
        await Eventually.WaitAsync(
            () => delivery.Queue.AllAsync(TestContext.Current.CancellationToken),
            q => q.Any(e => e.Incident.Id == b.Id && e.Attempts >= 2 && e.Incident.Count == 2), Wait,
            q => string.Join("; ", q.Select(e => $"{e.Id} v{e.Version} attempts {e.Attempts}")));

        receiver.Refusing = false;
        await receiver.StartAsync();
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 3, Wait, Describe);

        await delivery.ReportAsync(a.Resolved(), b.Acknowledged("alice"));
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 5, Wait, Describe);
        var queue = await Eventually.WaitAsync(
            () => delivery.Queue.AllAsync(TestContext.Current.CancellationToken), q => q.Count == 1 && q[0].Version == q[0].DeliveredVersion, Wait,
            q => string.Join("; ", q.Select(e => $"{e.Id} v{e.Version} delivered v{e.DeliveredVersion}")));

        var accepted = receiver.Accepted;
        Assert.Equal(
            [
                (a.Id, "opened", "open", 1L, "cumulus"),
                (a.Id, "grown", "open", 5L, "EXOS-VM,cumulus"),
                (a.Id, "resolved", "resolved", 5L, "EXOS-VM,cumulus"),
            ],
            Of(accepted, a.Id));
        Assert.Equal([(b.Id, "opened", "open", 2L, "EXOS-VM"), (b.Id, "acknowledged", "acknowledged", 2L, "EXOS-VM")], Of(accepted, b.Id));
        Assert.Equal(5, accepted.Select(d => d.GetProperty("delivery_id").GetString()).Distinct().Count());

        // Every field of the contract is there.
        var resolved = accepted.Single(d => d.GetProperty("event").GetString() == "resolved");
        Assert.Equal("switch_logs", resolved.GetProperty("source").GetString());
        Assert.Equal("kernel panic: fatal exception in <*>", resolved.GetProperty("template").GetString());
        Assert.Equal(new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), resolved.GetProperty("first_seen").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 12, 1, 8, 5, 0, DateTimeKind.Utc), resolved.GetProperty("last_seen").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 12, 1, 8, 35, 0, DateTimeKind.Utc), resolved.GetProperty("resolved_at").GetDateTime().ToUniversalTime());
        Assert.Equal("template never seen in training", resolved.GetProperty("explanation")[0].GetString());
        Assert.Equal($"https://lad.example.org/api/incidents/{a.Id}", resolved.GetProperty("link").GetString());
        Assert.Equal($"webhook:{b.Id}", Assert.Single(queue).Id);
        var (_, delivered, failed) = Assert.Single(delivery.Metrics.Alerts.Receivers());
        Assert.Equal(5, delivered);
        Assert.True(failed >= receiver.Refused, $"{failed} failed requests counted; the receiver refused {receiver.Refused} (and more failed while it was down)");
    }

    [Fact]
    public async Task TheWebhookSendsTheAuthorizationHeaderFromItsFile()
    {
        await using var receiver = WebhookReceiver.OnFreePort();
        await receiver.StartAsync();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "Bearer s3cret-token-for-the-hook\n", TestContext.Current.CancellationToken);
        var options = DeliveryHarness.FastOptions();
        options.WebhookUrl = new Uri(receiver.Url);
        options.WebhookAuthorization = Lad.Grains.Alerts.AuthorizationFile.Read("ALERT_WEBHOOK_AUTH_FILE", file);
        await using var delivery = await DeliveryHarness.StartAsync(server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("hookauth")), options);

        await delivery.ReportAsync(new ScriptedIncident("cccc000000000003").Opened());

        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted), d => d.Count == 1, Wait, d => $"{d.Count} accepted");
        Assert.Equal("Bearer s3cret-token-for-the-hook", receiver.LastAuthorization);
        File.Delete(file);
    }

    private static List<(string, string, string, long, string)> Of(IReadOnlyList<JsonElement> deliveries, string id) =>
    [
        .. deliveries.Where(d => d.GetProperty("incident_id").GetString() == id).Select(d => (
            id, d.GetProperty("event").GetString()!, d.GetProperty("state").GetString()!, d.GetProperty("count").GetInt64(),
            string.Join(",", d.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()))))
    ];

    private static string Describe(IReadOnlyList<JsonElement> deliveries) =>
        $"{deliveries.Count} accepted: " + string.Join("; ", deliveries.Select(d => $"{d.GetProperty("incident_id")} {d.GetProperty("event")} {d.GetProperty("count")}"));
}
