using System.Net;
using System.Text.Json;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Security;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;
using Lad.Silo.Web;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Console;

public class OpenApiTests
{
    // Every endpoint of the README's table, with its methods.
    private static readonly Dictionary<string, string[]> Endpoints = new()
    {
        ["/api/feedback"] = ["post"],
        ["/api/feedback/{id}"] = ["delete"],
        ["/api/false_positive"] = ["get"],
        ["/api/incidents"] = ["get"],
        ["/api/incidents/timeline"] = ["get"],
        ["/api/incidents/open-counts"] = ["get"],
        ["/api/incidents/{id}"] = ["get"],
        ["/api/incidents/{id}/ack"] = ["post"],
        ["/api/incidents/{id}/feedback"] = ["post"],
        ["/api/incidents/{id}/resolve"] = ["post"],
        ["/metrics"] = ["get"],
        ["/healthz"] = ["get"],
        ["/readyz"] = ["get"],
        ["/api/me"] = ["get"],
        ["/api/hosts"] = ["get"],
        ["/api/sources"] = ["get"],
        ["/api/anomalies"] = ["get"],
        ["/api/anomalies/hourly"] = ["get"],
        ["/api/sources/{collection}/hosts"] = ["post"],
        ["/api/sources/{collection}/hosts/{host}"] = ["delete"],
        ["/api/hosts/{collection}/{host}"] = ["get"],
        ["/api/hosts/{collection}/{host}/model"] = ["get"],
        ["/api/hosts/{collection}/{host}/retrain"] = ["post"],
    };

    [Fact]
    public async Task TheSiloDescribesEveryEndpointToCallersWithoutAToken()
    {
        var tokensPath = TestTokens.WriteFile();
        try
        {
            var config = LadConfigLoader.Load(
                OneHost("mongodb://127.0.0.1:1", "oa_in", "oa_out") + $"\nAUTH_TOKENS_FILE: \"{tokensPath}\"\n", new Dictionary<string, string>());
            await using var web = await TestWebApi.StartAsync(config, TokenFile.Load(config), _ => { });

            using var response = await web.Http.GetAsync(LadOpenApi.Path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // no token, though the control endpoints need one
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var root = document.RootElement;

            Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
            Assert.Equal("LAD silo HTTP API", root.GetProperty("info").GetProperty("title").GetString());
            var paths = root.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            Assert.Equal(Endpoints.Keys.Order(StringComparer.Ordinal), paths.Keys.Order(StringComparer.Ordinal));
            foreach (var (path, methods) in Endpoints)
            {
                var operations = paths[path].EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch").ToList();
                Assert.Equal(methods, operations.Select(o => o.Name).ToArray());
                Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Value.GetProperty("summary").GetString()), $"{o.Name} {path}"));
            }
        }
        finally
        {
            File.Delete(tokensPath);
        }
    }
}
