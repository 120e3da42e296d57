using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Browser;

/// <summary>What the operator console reads and changes over HTTP: its static files, <c>/api/me</c>, hosts, sources,
/// anomalies, incident paging and filters, retrain and adding and removing hosts, each under its role.</summary>
public class ConsoleApiTests(MongoServerFixture server)
{
    [Fact]
    public async Task TheConsolesFilesAndEndpointsAnswerUnderTheirRoles()
    {
        await using var running = await ConsoleSilo.StartAsync(server, "capi");
        var (store, cluster, silo, web) = (running.Store, running.Cluster, running.Silo, running.Web);
        var token = TestContext.Current.CancellationToken;
        var http = web.Http;

        async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? bearer, string? json = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }

            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            var response = await http.SendAsync(request, token);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(token)).RootElement);
        }

        string Error((HttpStatusCode Status, JsonElement Body) answer) =>
            $"{(int)answer.Status} {answer.Body.GetProperty("error").GetString()}";

        // The files need no token and hold no data; the page loads nothing from elsewhere.
        using (var page = await http.GetAsync("/console/", token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await page.Content.ReadAsStringAsync(token), StringComparison.Ordinal);
        }

        using (var script = await http.GetAsync("/console/app.js", token))
        {
            Assert.Equal((HttpStatusCode.OK, "text/javascript"), (script.StatusCode, script.Content.Headers.ContentType?.MediaType));
        }

        using (var bare = await http.GetAsync("/console", token))
        {
            Assert.Equal("/console/", bare.RequestMessage!.RequestUri!.AbsolutePath);
        }

        // Who am I, hosts and sources: read.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/me", null)).Status);
        var (_, me) = await SendAsync(HttpMethod.Get, "/api/me", TestTokens.Reader);
        Assert.Equal(("grafana", "read"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString()));
        var (_, hosts) = await Eventually.WaitAsync(
            () => SendAsync(HttpMethod.Get, "/api/hosts", TestTokens.Reader),
            r => r.Status == HttpStatusCode.OK && r.Body[0].GetProperty("phase").GetString() == "detecting", ConsoleScenario.Wait, r => $"{r.Status} {r.Body}");
        var cumulus = Assert.Single(hosts.EnumerateArray());
        Assert.Equal((Network, "cumulus", 100L), (cumulus.GetProperty("host").GetProperty("collection").GetString(),
            cumulus.GetProperty("host").GetProperty("hostname").GetString(), cumulus.GetProperty("lines_trained_on").GetInt64()));
        Assert.InRange(cumulus.GetProperty("threshold").GetDouble(), 0.0, 1.0);
        Assert.InRange(cumulus.GetProperty("routine_threshold").GetDouble(), 0.0, cumulus.GetProperty("threshold").GetDouble());
        var (_, one) = await SendAsync(HttpMethod.Get, $"/api/hosts/{Network}/cumulus", TestTokens.Reader);
        Assert.Equal((Network, "cumulus", 100L), (one.GetProperty("host").GetProperty("collection").GetString(),
            one.GetProperty("host").GetProperty("hostname").GetString(), one.GetProperty("lines_trained_on").GetInt64()));
        Assert.Equal($"400 host: {Network}/spine01 is not a registered host (see GET /api/sources)",
            Error(await SendAsync(HttpMethod.Get, $"/api/hosts/{Network}/spine01", TestTokens.Reader)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, $"/api/hosts/{Network}/cumulus", null)).Status);
        var (_, sources) = await SendAsync(HttpMethod.Get, "/api/sources", TestTokens.Reader);
        Assert.Equal((Network, "cumulus", NetworkTarget), (sources[0].GetProperty("collection").GetString(),
            sources[0].GetProperty("hostnames")[0].GetString(), sources[0].GetProperty("target_collection").GetString()));

        // What the host's model learned: its templates by count (3 patterns over 100 lines), each with its value places.
        var modelPath = $"/api/hosts/{Network}/cumulus/model";
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, modelPath, null)).Status);
        var (_, model) = await SendAsync(HttpMethod.Get, modelPath + "?templates=2", TestTokens.Reader);
        Assert.Equal(("default", 100L, 3), (model.GetProperty("kind").GetString(), model.GetProperty("trained_lines").GetInt64(), model.GetProperty("template_count").GetInt32()));
        Assert.Equal(cumulus.GetProperty("threshold").GetDouble(), model.GetProperty("threshold").GetDouble());
        Assert.Equal(cumulus.GetProperty("routine_threshold").GetDouble(), model.GetProperty("routine_threshold").GetDouble());
        Assert.Equal(2, model.GetProperty("templates").GetArrayLength());
        Assert.Equal(34L, model.GetProperty("templates")[0].GetProperty("count").GetInt64());
        Assert.Contains(model.GetProperty("templates").EnumerateArray().SelectMany(t => t.GetProperty("values").EnumerateArray()),
            v => v.GetProperty("kind").GetString() is "label" or "size" or "identifier");
        Assert.Equal("400 templates: must be between 0 and 1000, not 5000", Error(await SendAsync(HttpMethod.Get, modelPath + "?templates=5000", TestTokens.Reader)));
        Assert.Equal($"400 host: {Network}/spine01 is not a registered host (see GET /api/sources)",
            Error(await SendAsync(HttpMethod.Get, $"/api/hosts/{Network}/spine01/model", TestTokens.Reader)));

        // Anomalies of one host, newest first, limited.
        var lad = new ConsoleScenario(cluster, store);
        await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(1), LogStore.Foreign(2));
        var (_, anomalies) = await Eventually.WaitAsync(
            () => SendAsync(HttpMethod.Get, $"/api/anomalies?source={Network}&host=cumulus&limit=5", TestTokens.Reader),
            r => r.Body.GetArrayLength() == 2, ConsoleScenario.Wait, r => $"{r.Status} {r.Body}");
        Assert.All(anomalies.EnumerateArray(), a => Assert.StartsWith("kernel panic", a.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.Equal(1, (await SendAsync(HttpMethod.Get, $"/api/anomalies?host=cumulus&limit=1", TestTokens.Reader)).Body.GetArrayLength());
        Assert.Equal("400 limit: 'all' is not a whole number", Error(await SendAsync(HttpMethod.Get, "/api/anomalies?limit=all", TestTokens.Reader)));
        Assert.Equal(2, (await SendAsync(HttpMethod.Get, $"/api/anomalies?since={DateTime.UtcNow.AddHours(-24):O}", TestTokens.Reader)).Body.GetArrayLength());
        Assert.Equal(0, (await SendAsync(HttpMethod.Get, $"/api/anomalies?since={DateTime.UtcNow.AddHours(1):O}", TestTokens.Reader)).Body.GetArrayLength());
        Assert.Equal("400 since: 'yesterday' is not a time (2026-11-24T10:00:00Z)", Error(await SendAsync(HttpMethod.Get, "/api/anomalies?since=yesterday", TestTokens.Reader)));

        // Anomalies per host and clock hour, from the counts the sink keeps: both in the current hour (the last), for
        // every host or the one asked for.
        var (_, hourly) = await SendAsync(HttpMethod.Get, "/api/anomalies/hourly", TestTokens.Reader);
        Assert.Equal(24, hourly.GetProperty("hours").GetInt32());
        Assert.Equal(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour - 23), hourly.GetProperty("from").GetDateTime(), TimeSpan.FromHours(1));
        var cumulusHours = Assert.Single(hourly.GetProperty("hosts").EnumerateArray());
        Assert.Equal((Network, "cumulus"), (cumulusHours.GetProperty("source").GetString(), cumulusHours.GetProperty("host").GetString()));
        Assert.Equal([.. Enumerable.Repeat(0, 23), 2], cumulusHours.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()));
        var (_, ofHost) = await SendAsync(HttpMethod.Get, $"/api/anomalies/hourly?hours=3&source={Network}&host=cumulus", TestTokens.Reader);
        Assert.Equal([0, 0, 2], Assert.Single(ofHost.GetProperty("hosts").EnumerateArray()).GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/api/anomalies/hourly?source={Network}&host=spine01", TestTokens.Reader)).Body.GetProperty("hosts").EnumerateArray());
        Assert.Equal("400 hours: must be between 1 and 168, not 0", Error(await SendAsync(HttpMethod.Get, "/api/anomalies/hourly?hours=0", TestTokens.Reader)));
        Assert.Equal("400 source: 'web_logs' is not a registered source (see lad sources list)",
            Error(await SendAsync(HttpMethod.Get, "/api/anomalies/hourly?source=web_logs", TestTokens.Reader)));

        // Incident paging and filters: one resolved incident, then a repeat of its lines opens a second.
        var (_, first) = await Eventually.WaitAsync(
            () => SendAsync(HttpMethod.Get, "/api/incidents?open=true", TestTokens.Reader),
            r => r.Body.GetArrayLength() == 1, ConsoleScenario.Wait, r => $"{r.Body}");
        var resolvedId = first[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/incidents/{resolvedId}/resolve", TestTokens.Feedback)).Status);
        await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(3));
        var (_, open) = await Eventually.WaitAsync(
            () => SendAsync(HttpMethod.Get, "/api/incidents?state=open", TestTokens.Reader),
            r => r.Body.GetArrayLength() == 1, ConsoleScenario.Wait, r => $"{r.Body}");
        var openId = open[0].GetProperty("id").GetString()!;
        Assert.NotEqual(resolvedId, openId);
        // The overview's counts of open incidents: the resolved one is not among them.
        var (_, openCounts) = await SendAsync(HttpMethod.Get, "/api/incidents/open-counts", TestTokens.Reader);
        Assert.Equal(1, openCounts.GetProperty("total").GetInt32());
        var openOfHost = Assert.Single(openCounts.GetProperty("hosts").EnumerateArray());
        Assert.Equal((Network, "cumulus", 1), (openOfHost.GetProperty("source").GetString(), openOfHost.GetProperty("host").GetString(), openOfHost.GetProperty("open").GetInt32()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/incidents/open-counts", null)).Status);

        async Task<string[]> IdsAsync(string query) =>
            [.. (await SendAsync(HttpMethod.Get, "/api/incidents?" + query, TestTokens.Reader)).Body.EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
        // Both may have their last line in the same second (the _id's time): the order is the list's, page by page.
        var all = await IdsAsync("limit=10");
        Assert.Equal(new[] { openId, resolvedId }.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal([all[0]], await IdsAsync("limit=1"));
        Assert.Equal([all[1]], await IdsAsync("limit=1&skip=1"));
        Assert.Empty(await IdsAsync("limit=1&skip=2"));
        Assert.Equal([resolvedId], await IdsAsync("state=resolved&host=cumulus"));
        Assert.Empty(await IdsAsync("until=2000-01-01T00:00:00Z"));
        Assert.Equal(all, await IdsAsync($"until={DateTime.UtcNow.AddMinutes(5):O}&source={Network}"));
        Assert.Equal("400 state: 'closed' is not open, acknowledged or resolved", Error(await SendAsync(HttpMethod.Get, "/api/incidents?state=closed", TestTokens.Reader)));
        Assert.Equal("400 skip: '-1' is not a whole number", Error(await SendAsync(HttpMethod.Get, "/api/incidents?skip=-1", TestTokens.Reader)));
        Assert.Equal("400 until: 'soon' is not a time (2026-11-24T10:00:00Z)", Error(await SendAsync(HttpMethod.Get, "/api/incidents?until=soon", TestTokens.Reader)));

        // The timeline: incidents opened per hour, over the last 24 h unless a range is given, by the list's filters.
        var (_, day) = await SendAsync(HttpMethod.Get, "/api/incidents/timeline", TestTokens.Reader);
        Assert.Equal((3600.0, 24), (day.GetProperty("bucket_seconds").GetDouble(), day.GetProperty("counts").GetArrayLength()));
        Assert.Equal(2, day.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.Equal(2, day.GetProperty("counts")[23].GetInt32()); // the last hour
        int Opened(JsonElement timeline) => timeline.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt32());
        Assert.Equal(1, Opened((await SendAsync(HttpMethod.Get, $"/api/incidents/timeline?state=resolved&host=cumulus", TestTokens.Reader)).Body));
        Assert.Equal(0, Opened((await SendAsync(HttpMethod.Get, $"/api/incidents/timeline?source=web_logs", TestTokens.Reader)).Body));
        var (_, week) = await SendAsync(HttpMethod.Get, $"/api/incidents/timeline?since={DateTime.UtcNow.AddDays(-7):O}&until={DateTime.UtcNow.AddMinutes(1):O}", TestTokens.Reader);
        Assert.Equal((4 * 3600.0, 2), (week.GetProperty("bucket_seconds").GetDouble(), Opened(week)));
        Assert.StartsWith("400 until: ", Error(await SendAsync(HttpMethod.Get, "/api/incidents/timeline?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", TestTokens.Reader)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/incidents/timeline", null)).Status);

        // Retrain and host changes: admin only.
        var retrainPath = $"/api/hosts/{Network}/cumulus/retrain";
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, retrainPath, TestTokens.Feedback)).Status);
        var (retrained, status) = await SendAsync(HttpMethod.Post, retrainPath, TestTokens.Admin);
        Assert.Equal(HttpStatusCode.OK, retrained);
        Assert.Equal("cumulus", status.GetProperty("host").GetProperty("hostname").GetString());
        await Eventually.WaitAsync(
            () => silo.GetGrain<IHostDetectorGrain>(new HostKey(Network, "cumulus").ToGrainKey()).GetStatusAsync(),
            s => s.Trainings == 2, ConsoleScenario.Wait, s => $"{s.Trainings} trainings");
        Assert.Equal($"400 host: {Network}/spine01 is not a registered host (see GET /api/sources)",
            Error(await SendAsync(HttpMethod.Post, $"/api/hosts/{Network}/spine01/retrain", TestTokens.Admin)));

        var addPath = $"/api/sources/{Network}/hosts";
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, addPath, TestTokens.Feedback, """{"hostnames": ["spine01"]}""")).Status);
        Assert.Equal("400 hostnames: must be a non-empty array of host names", Error(await SendAsync(HttpMethod.Post, addPath, TestTokens.Admin, """{"hostnames": []}""")));
        Assert.Equal("400 hostnames: 7 is not a host name", Error(await SendAsync(HttpMethod.Post, addPath, TestTokens.Admin, """{"hostnames": [7]}""")));
        // A misspelt field is refused, not ignored (the new source would have had no target and been refused for that).
        Assert.Equal("400 target: not a field of this request (it reads hostnames, target_collection)",
            Error(await SendAsync(HttpMethod.Post, addPath, TestTokens.Admin, """{"hostnames": ["spine01"], "target": "x"}""")));
        Assert.StartsWith("400 malformed JSON", Error(await SendAsync(HttpMethod.Post, addPath, TestTokens.Admin, "{")), StringComparison.Ordinal);
        var (added, source) = await SendAsync(HttpMethod.Post, addPath, TestTokens.Admin, """{"hostnames": ["spine01"]}""");
        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Equal(["cumulus", "spine01"], source.GetProperty("hostnames").EnumerateArray().Select(h => h.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await SendAsync(HttpMethod.Get, "/api/hosts", TestTokens.Reader)).Body.GetArrayLength());

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, $"{addPath}/spine01", TestTokens.Feedback)).Status);
        var (removed, after) = await SendAsync(HttpMethod.Delete, $"{addPath}/spine01", TestTokens.Admin);
        Assert.Equal(HttpStatusCode.OK, removed);
        Assert.Equal(["cumulus"], after.GetProperty("hostnames").EnumerateArray().Select(h => h.GetString()));
        Assert.StartsWith("400 ", Error(await SendAsync(HttpMethod.Delete, $"{addPath}/spine01", TestTokens.Admin)), StringComparison.Ordinal);
    }
}
