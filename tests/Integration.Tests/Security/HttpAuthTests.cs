using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Security;

/// <summary>The HTTP API with AUTH_TOKENS_FILE over a cluster whose grains check tokens too: 401/403/right role on every
/// endpoint, the feedback abuse cases, undo and expiry, the audit trail, and a throttled flood while the host detects.</summary>
public class HttpAuthTests(MongoServerFixture server)
{
    private const int RateLimit = 20;

    [Fact]
    public async Task EveryEndpointNeedsItsRoleAndFeedbackCannotBeAbused()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("hauth_in"), MongoServerFixture.NewDatabaseName("hauth_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var tokensPath = TestTokens.WriteFile();
        var token = TestContext.Current.CancellationToken;
        try
        {
            var yaml = OneHost(server.ConnectionString, inputDb, targetDb) +
                $"\nAUTH_TOKENS_FILE: \"{tokensPath}\"\nMETRICS_AUTH: true\nFEEDBACK_RATE_LIMIT: {RateLimit}\n";
            await using var cluster = await DaemonCluster.StartAsync(yaml);
            var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());

            // The web app calls grains as lad-silo's does, through the silo's own grain factory.
            await using var web = await TestWebApi.StartAsync(config, TokenFile.Load(config), services => services
                .AddSingleton(cluster.SiloServices.GetRequiredService<IGrainFactory>())
                .AddSingleton(cluster.SiloServices.GetRequiredService<LadMetrics>()));
            var http = web.Http;

            var silo = cluster.SiloServices.GetRequiredService<IGrainFactory>();
            var lad = new ConsoleScenario(cluster, store);
            await Eventually.WaitAsync(
                () => silo.GetGrain<Grains.Abstractions.Detection.IHostDetectorGrain>(new Grains.Abstractions.Detection.HostKey(Network, "cumulus").ToGrainKey()).GetStatusAsync(),
                s => s.Phase == Grains.Abstractions.Detection.DetectorPhase.Detecting, ConsoleScenario.Wait, s => $"{s.Phase} {s.Reason}");

            async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
                HttpMethod method, string path, string? bearer, string? json = null, string scheme = "Bearer")
            {
                using var request = new HttpRequestMessage(method, path);
                if (bearer is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue(scheme, bearer);
                }

                if (json is not null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                var response = await http.SendAsync(request, token);
                var text = await response.Content.ReadAsStringAsync(token);
                var body = text.StartsWith('{') || text.StartsWith('[') ? JsonDocument.Parse(text).RootElement : JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement;
                return (response.StatusCode, body, response);
            }

            // Probes stay open.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/healthz", null)).Status);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/readyz", null)).Status);

            var endpoints = new (HttpMethod Method, string Path, string Needs, string? Json)[]
            {
                (HttpMethod.Get, "/api/false_positive", "read", null),
                (HttpMethod.Get, "/metrics", "read", null),
                (HttpMethod.Post, "/api/feedback", "feedback", """{"is_anomaly": true, "message": "x", "source": "network_logs", "host": "cumulus"}"""),
                (HttpMethod.Delete, "/api/feedback/000000000000000000000000", "feedback", null),
            };
            foreach (var (method, path, needs, json) in endpoints)
            {
                foreach (var (bearer, scheme, reason) in new[]
                {
                    ((string?)null, "Bearer", "auth: no token; send 'Authorization: Bearer <token>'"),
                    ("not-a-token-0123456789", "Bearer", "auth: unknown token"),
                    (TestTokens.Admin, "Basic", "auth: the Authorization header is not 'Bearer <token>'"),
                })
                {
                    var (status, body, response) = await SendAsync(method, path, bearer, json, scheme);
                    Assert.Equal(HttpStatusCode.Unauthorized, status);
                    Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                    Assert.Equal(reason, body.GetProperty("error").GetString());
                }

                if (needs == "feedback")
                {
                    var (status, body, _) = await SendAsync(method, path, TestTokens.Reader, json);
                    Assert.Equal(HttpStatusCode.Forbidden, status);
                    Assert.Equal("auth: token 'grafana' has role read; this needs feedback", body.GetProperty("error").GetString());
                }

                var right = needs == "read" ? TestTokens.Reader : TestTokens.Feedback;
                var (allowed, allowedBody, _) = await SendAsync(method, path, right, json);
                Assert.True(allowed is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{method} {path}: {allowed} {allowedBody}");
                if (method == HttpMethod.Get)
                {
                    Assert.Equal(HttpStatusCode.OK, (await SendAsync(method, path, TestTokens.Admin)).Status); // admin includes read
                }
            }

            // Audit trail: who is the token's name, where from the client's address.
            await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(11), LogStore.Foreign(12));
            var ids = (await store.AnomaliesAsync(NetworkTarget)).Select(d => d["_id"].AsString).Order().ToList();
            Assert.Equal(2, ids.Count);
            var (created, stored, _) = await SendAsync(HttpMethod.Post, "/api/feedback", TestTokens.Feedback, $$"""{"lad_id": "{{ids[0]}}", "is_anomaly": false}""");
            Assert.Equal(HttpStatusCode.Created, created);
            Assert.Equal(("oncall", "127.0.0.1"), (stored.GetProperty("by").GetString(), stored.GetProperty("from").GetString()));

            // A template without constant text, and a bad expiry, are refused with a reason.
            var (refused, why, _) = await SendAsync(HttpMethod.Post, "/api/feedback", TestTokens.Feedback,
                """{"is_anomaly": false, "message": "4711", "source": "network_logs", "host": "cumulus", "scope": "template"}""");
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Equal("scope: template '<*>' has no constant word, so it would silence every line of that shape; use line scope", why.GetProperty("error").GetString());
            (refused, why, _) = await SendAsync(HttpMethod.Post, "/api/feedback", TestTokens.Feedback, $$"""{"lad_id": "{{ids[1]}}", "is_anomaly": false, "expires_in": "2w"}""");
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Equal("expires_in: '2w' is not a duration like 90s, 30m, 12h or 7d", why.GetProperty("error").GetString());

            // Undo lifts the suppression at once: the line is reported again.
            var before = (await store.AnomaliesAsync(NetworkTarget)).Count;
            await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(11));
            Assert.Equal(before, (await store.AnomaliesAsync(NetworkTarget)).Count);
            var (undone, undoneBody, _) = await SendAsync(HttpMethod.Delete, $"/api/feedback/{stored.GetProperty("id").GetString()}", TestTokens.Feedback);
            Assert.Equal(HttpStatusCode.OK, undone);
            Assert.Equal("oncall", undoneBody.GetProperty("undone_by").GetString());
            (refused, why, _) = await SendAsync(HttpMethod.Delete, $"/api/feedback/{stored.GetProperty("id").GetString()}", TestTokens.Feedback);
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Contains("was undone already", why.GetProperty("error").GetString());
            await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(11));
            Assert.Equal(before + 1, (await store.AnomaliesAsync(NetworkTarget)).Count);

            // An expiring false positive stops acting once it expires.
            (created, _, _) = await SendAsync(HttpMethod.Post, "/api/feedback", TestTokens.Feedback, $$"""{"lad_id": "{{ids[1]}}", "is_anomaly": false, "expires_in": "1s"}""");
            Assert.Equal(HttpStatusCode.Created, created);
            var reported = (await store.AnomaliesAsync(NetworkTarget)).Count;
            await Eventually.WaitAsync(
                async () =>
                {
                    await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(12));
                    return (await store.AnomaliesAsync(NetworkTarget)).Count;
                },
                count => count > reported, ConsoleScenario.Wait, count => $"{count} anomalies, {reported} before the expiring feedback");

            // A flood from one token is throttled with 429 while the host goes on detecting.
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < RateLimit + 10; i++)
            {
                var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/feedback", TestTokens.Admin,
                    $$"""{"is_anomaly": true, "message": "flood {{i}}", "source": "network_logs", "host": "cumulus"}""");
                statuses.Add(status);
                if (status == HttpStatusCode.TooManyRequests)
                {
                    Assert.Equal($"rate: token 'ops' gave more than {RateLimit} feedback requests this minute (FEEDBACK_RATE_LIMIT)", body.GetProperty("error").GetString());
                }
            }

            Assert.Equal(RateLimit, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
            var (other, _, _) = await SendAsync(HttpMethod.Post, "/api/feedback", TestTokens.Feedback,
                """{"is_anomaly": true, "message": "another token", "source": "network_logs", "host": "cumulus"}""");
            Assert.Equal(HttpStatusCode.Created, other);
            reported = (await store.AnomaliesAsync(NetworkTarget)).Count;
            await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(13));
            Assert.Equal(reported + 1, (await store.AnomaliesAsync(NetworkTarget)).Count);
        }
        finally
        {
            File.Delete(tokensPath);
        }
    }
}
