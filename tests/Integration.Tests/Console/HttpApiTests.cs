using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Lad.Grains.Security;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo.Web;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

/// <summary>The silo's HTTP endpoints, served by Kestrel on a free port over a test cluster's grains.</summary>
public class HttpApiTests(MongoServerFixture server)
{
    [Fact]
    public async Task FeedbackApiStoresFalsePositivesListsThemAndRefusesBadRequestsWithAReason()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("http_in"), MongoServerFixture.NewDatabaseName("http_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        var lad = new ConsoleScenario(cluster, store);
        await lad.WaitDetectingAsync(Network, "cumulus");
        await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(11));
        var anomalyId = (await lad.AnomaliesJsonAsync()).Single().GetProperty("id").GetString()!;

        await using var web = await TestWebApi.StartAsync(cluster.Config, ApiTokenSet.Open, services => services.AddSingleton(cluster.Grains));
        var http = web.Http;
        var token = TestContext.Current.CancellationToken;

        Assert.Equal("ok", await http.GetStringAsync("/healthz", token));
        Assert.Equal("ready", await http.GetStringAsync("/readyz", token));

        async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json)
        {
            using var response = await http.PostAsync("/api/feedback", new StringContent(json, Encoding.UTF8, "application/json"), token);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(token));
        }

        async Task AssertRefused(string json, string reason)
        {
            var (status, body) = await PostAsync(json);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(reason, body.GetProperty("error").GetString());
        }

        await AssertRefused("{\"lad_id\": ", "malformed JSON");
        await AssertRefused("[1, 2]", "body: expected a JSON object");
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}"}""", "is_anomaly: required");
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": "no"}""", "is_anomaly: required");
        await AssertRefused("""{"lad_id": 5, "is_anomaly": false}""", "lad_id: expected a string");
        await AssertRefused($$"""{"lad_id": "{{Network}}:000000000000000000000000", "is_anomaly": false}""", "no anomaly");
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": false, "scope": "everything"}""", "scope: 'everything'");
        await AssertRefused("""{"is_anomaly": false, "message": "x"}""", "needs both the source collection and the host");
        // A misspelt field would have changed the feedback without a word: no expiry at all, here.
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": false, "expires": "7d"}""",
            "expires: not a field of this request (it reads lad_id, is_anomaly, message, source, host, scope, parameter, user, note, expires_in)");
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": false, "scope": "value", "parameter": "2"}""", "parameter: expected a whole number, got String");
        // A never-seen template has no value evidence for value scope to cover.
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": false, "scope": "value"}""", "scope: the line has no unusual value at a template parameter");
        await AssertRefused($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": true, "scope": "value"}""", "scope: value scope says a value is normal, so it is for false positives only");

        var (created, stored) = await PostAsync($$"""{"lad_id": "{{anomalyId}}", "is_anomaly": false, "message": "ignored when the id is known"}""");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(LogStore.Foreign(11), stored.GetProperty("message").GetString());
        Assert.Equal("http", stored.GetProperty("user").GetString());
        var (kept, _) = await PostAsync($$"""{"is_anomaly": true, "message": "{{LogStore.Foreign(12)}}", "source": "{{Network}}", "host": "cumulus"}""");
        Assert.Equal(HttpStatusCode.Created, kept);

        var falsePositives = await http.GetFromJsonAsync<JsonElement>("/api/false_positive", token);
        var only = Assert.Single(falsePositives.EnumerateArray()); // the true positive is not listed
        Assert.Equal(anomalyId, only.GetProperty("lad_id").GetString());
        Assert.False(only.GetProperty("is_anomaly").GetBoolean());
        Assert.Equal("cumulus", only.GetProperty("host").GetString());

        foreach (var (query, reason) in new[] { ("?limit=abc", "limit: 'abc' is not a whole number"), ("?limit=0", "limit: must be at least 1") })
        {
            using var refused = await http.GetAsync("/api/false_positive" + query, token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, (await refused.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("error").GetString());
        }

        // A misspelt filter is refused, naming it and what the endpoint takes, instead of being ignored (every host's
        // anomalies, as if unfiltered); parameter names match without regard to case, as binding does.
        foreach (var (path, reason) in new[]
                 {
                     ("/api/anomalies?hostname=cumulus", "hostname: not a query parameter of GET /api/anomalies (it takes source, host, since, limit)"),
                     ("/api/incidents?page=2&Host=cumulus", "page: not a query parameter of GET /api/incidents (it takes open, source, host, since, limit, state, until, skip)"),
                     ("/api/hosts?x=1", "x: not a query parameter of GET /api/hosts (it takes none)"),
                 })
        {
            using var refused = await http.GetAsync(path, token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(reason, (await refused.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("error").GetString());
        }

        Assert.Single((await http.GetFromJsonAsync<JsonElement>("/api/anomalies?HOST=cumulus", token)).EnumerateArray());

        Assert.Empty((await http.GetFromJsonAsync<JsonElement>($"/api/false_positive?host=EXOS-VM", token)).EnumerateArray());

        // The false positive took effect at once in the running detector.
        await lad.InsertAndDrainAsync(Network, "cumulus", LogStore.Foreign(11));
        Assert.Single(await lad.AnomaliesJsonAsync());
    }

    [Fact]
    public async Task AnOversizedFeedbackBodyIsRefusedWith413AndTheJsonErrorShape()
    {
        var config = Lad.Grains.Abstractions.Configuration.LadConfigLoader.Load(
            OneHost("mongodb://127.0.0.1:1", "in", "out"), new Dictionary<string, string>());
        await using var web = await TestWebApi.StartAsync(
            config, ApiTokenSet.Open, services => services.AddSingleton(DispatchProxy.Create<IGrainFactory, NoCluster>()));
        var token = TestContext.Current.CancellationToken;

        // As curl does for large bodies: the client waits for the server's go-ahead, so it reads the refusal instead of
        // writing 20 MB into a connection the server closes. The server refuses on the Content-Length without ever sending
        // 100 Continue, so the wait must outlast the refusal under load: after HttpClient's default 1 s it would send the
        // body anyway and fail with a broken pipe.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = web.Http.BaseAddress,
        };
        http.DefaultRequestHeaders.ExpectContinue = true;
        var note = new string('x', 20 * 1024 * 1024);
        using var response = await http.PostAsync(
            "/api/feedback", new StringContent($$"""{"is_anomaly": false, "message": "m", "note": "{{note}}"}""", Encoding.UTF8, "application/json"), token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("error").GetString();
        Assert.Equal($"body: larger than the {FeedbackEndpoints.MaxBodyBytes} bytes a feedback request may have", error);
    }

    /// <summary>A grain factory for endpoints that must answer before any grain is called.</summary>
    public class NoCluster : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"no cluster in this test ({targetMethod?.Name} called)");
    }
}
