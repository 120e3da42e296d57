using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Metrics;
using Lad.Grains.Security;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Incidents;

/// <summary>The incident endpoints with API tokens: read lists and shows, feedback acknowledges and resolves, and the
/// token's name is who.</summary>
public class IncidentHttpTests(MongoServerFixture server)
{
    [Fact]
    public async Task IncidentsAreListedWithReadAndAcknowledgedAndResolvedWithFeedbackInTheTokensName()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("ihttp_in"), MongoServerFixture.NewDatabaseName("ihttp_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 100);
        var tokensPath = TestTokens.WriteFile();
        var token = TestContext.Current.CancellationToken;
        try
        {
            var yaml = OneHost(server.ConnectionString, inputDb, targetDb) + $"\nAUTH_TOKENS_FILE: \"{tokensPath}\"\n";
            await using var cluster = await DaemonCluster.StartAsync(yaml);
            var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());
            await using var web = await TestWebApi.StartAsync(config, TokenFile.Load(config), services => services
                .AddSingleton(cluster.SiloServices.GetRequiredService<IGrainFactory>())
                .AddSingleton(cluster.SiloServices.GetRequiredService<LadMetrics>()));
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

            var silo = cluster.SiloServices.GetRequiredService<IGrainFactory>();
            var lad = new ConsoleScenario(cluster, store);
            await Eventually.WaitAsync(
                () => silo.GetGrain<Grains.Abstractions.Detection.IHostDetectorGrain>(new Grains.Abstractions.Detection.HostKey(Network, "cumulus").ToGrainKey()).GetStatusAsync(),
                s => s.Phase == Grains.Abstractions.Detection.DetectorPhase.Detecting, ConsoleScenario.Wait, s => $"{s.Phase} {s.Reason}");
            await lad.InsertAndDrainWithAsync(silo, Network, "cumulus", LogStore.Foreign(1), LogStore.Foreign(2));

            var (listed, list) = await Eventually.WaitAsync(
                () => SendAsync(HttpMethod.Get, "/api/incidents?open=true", TestTokens.Reader),
                r => r.Status == HttpStatusCode.OK && r.Body.GetArrayLength() == 1, ConsoleScenario.Wait, r => $"{r.Status} {r.Body}");
            var incident = list[0];
            Assert.Equal(2, incident.GetProperty("count").GetInt64());
            var id = incident.GetProperty("id").GetString()!;

            var (shown, detail) = await SendAsync(HttpMethod.Get, $"/api/incidents/{id}?context=2", TestTokens.Reader);
            Assert.Equal(HttpStatusCode.OK, shown);
            Assert.Equal(2, detail.GetProperty("samples")[0].GetProperty("before").GetArrayLength());

            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/incidents", null)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/ack", TestTokens.Reader)).Status);
            var (badLimit, why) = await SendAsync(HttpMethod.Get, "/api/incidents?limit=many", TestTokens.Reader);
            Assert.Equal((HttpStatusCode.BadRequest, "limit: 'many' is not a whole number"), (badLimit, why.GetProperty("error").GetString()));

            // Feedback on the incident: each of its lines, in the token's name.
            const string FalsePositive = """{"is_anomaly": false, "scope": "line", "note": "maintenance"}""";
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/feedback", TestTokens.Reader, FalsePositive)).Status);
            var (given, records) = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/feedback", TestTokens.Feedback, FalsePositive);
            Assert.Equal(HttpStatusCode.Created, given);
            Assert.Equal(2, records.GetArrayLength());
            Assert.All(records.EnumerateArray(), r => Assert.Equal(("oncall", "line", "cumulus"),
                (r.GetProperty("by").GetString(), r.GetProperty("scope").GetString(), r.GetProperty("host").GetString())));
            var (unknown, missing) = await SendAsync(HttpMethod.Post, "/api/incidents/0000000000000000/feedback", TestTokens.Feedback, FalsePositive);
            Assert.Equal((HttpStatusCode.BadRequest, "incident: no incident '0000000000000000' (see lad incidents)"), (unknown, missing.GetProperty("error").GetString()));

            var (acked, ack) = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/ack", TestTokens.Feedback);
            Assert.Equal(HttpStatusCode.OK, acked);
            Assert.Equal(("acknowledged", "oncall"), (ack.GetProperty("state").GetString(), ack.GetProperty("acknowledged_by").GetString()));
            var (resolved, resolution) = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/resolve", TestTokens.Feedback);
            Assert.Equal(HttpStatusCode.OK, resolved);
            Assert.Equal(("resolved", "oncall"), (resolution.GetProperty("state").GetString(), resolution.GetProperty("resolved_by").GetString()));
            var (again, refusal) = await SendAsync(HttpMethod.Post, $"/api/incidents/{id}/resolve", TestTokens.Feedback);
            Assert.Equal(HttpStatusCode.BadRequest, again);
            Assert.Contains("not an unresolved incident", refusal.GetProperty("error").GetString());
            Assert.Equal(0, (await SendAsync(HttpMethod.Get, "/api/incidents?open=true", TestTokens.Reader)).Body.GetArrayLength());
        }
        finally
        {
            File.Delete(tokensPath);
        }
    }
}
