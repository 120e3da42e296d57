using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Deploy;
using Lad.Integration.Tests.Fixtures;
using Lad.Silo.Demo;

namespace Lad.Integration.Tests.Browser;

/// <summary><c>lad-silo --demo</c>, the real process: it prints the console's address and tokens, and its API answers
/// with the demo's hosts, trained, and the anomalies and incidents of the lines that arrived after training.</summary>
public class DemoSiloTests(MongoServerFixture server)
{
    [Fact]
    public async Task TheDemoServesTheConsoleOnTheDemosHostsAnomaliesAndIncidents()
    {
        var token = TestContext.Current.CancellationToken;
        var (httpPort, siloPort, gatewayPort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var environment = new Dictionary<string, string>
        {
            ["LAD_HTTP_PORT"] = $"{httpPort}", ["LAD_SILO_PORT"] = $"{siloPort}", ["LAD_GATEWAY_PORT"] = $"{gatewayPort}",
        };
        // A newcomer's run starts its own jongodb; where the tests use another server (LAD_TEST_MONGODB_URI and no
        // node_modules) the demo is pointed at it.
        var embedded = File.Exists(RepositoryFiles.PathOf(JongodbServer.RelativePath));
        if (!embedded)
        {
            environment["LAD_MG_URI"] = server.ConnectionString;
            _ = server.Client;
        }

        var output = new ConcurrentQueue<string>();
        using var silo = SiloProcess.StartWith(["--demo"], environment, output.Enqueue);
        try
        {
            var admin = await Eventually.WaitAsync(
                () => Task.FromResult(output.FirstOrDefault(l => l.Contains("admin token", StringComparison.Ordinal))),
                line => line is not null, TimeSpan.FromSeconds(120), _ => $"no token printed: {string.Join(" | ", output)}");
            var read = output.First(l => l.Contains("read-only token", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            Assert.Contains(output, l => l.Contains($"the console is at http://localhost:{httpPort}/console/", StringComparison.Ordinal));

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
            async Task<JsonElement> GetAsync(string path) => JsonDocument.Parse(await http.GetStringAsync(path, token)).RootElement;

            // Every host trains on its 1,000 history lines and scores the 1,000 that arrive after it.
            var hosts = await Eventually.WaitAsync(
                () => GetAsync("/api/hosts"),
                h => h.EnumerateArray().Count(s => s.GetProperty("lines_scored").GetInt64() == 1000) == 3,
                TimeSpan.FromSeconds(180),
                h => $"hosts not done: {h}");
            Assert.Equal(["host-01", "host-02", "host-03"], hosts.EnumerateArray().Select(s => s.GetProperty("host").GetProperty("hostname").GetString()));
            Assert.All(hosts.EnumerateArray(), s => Assert.Equal(1000, s.GetProperty("lines_trained_on").GetInt64()));

            // The injected faults are found and grouped, as lad demo finds them (51 lines in 19 incidents on its defaults).
            var anomalies = await Eventually.WaitAsync(
                () => GetAsync($"/api/anomalies?source={DemoLog.Collection}&limit=1000"), a => a.GetArrayLength() >= 40, TimeSpan.FromSeconds(60),
                a => $"{a.GetArrayLength()} anomalies");
            Assert.InRange(anomalies.GetArrayLength(), 40, 60);
            var incidents = await Eventually.WaitAsync(
                () => GetAsync($"/api/incidents?source={DemoLog.Collection}&limit=100"), i => i.GetArrayLength() >= 10, TimeSpan.FromSeconds(60),
                i => $"{i.GetArrayLength()} incidents");
            Assert.InRange(incidents.GetArrayLength(), 10, 25);

            // The read-only token it printed reads, and may not change anything.
            using var viewer = new HttpClient { BaseAddress = http.BaseAddress };
            viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", read);
            Assert.Contains("\"role\":\"read\"", await viewer.GetStringAsync("/api/me", token), StringComparison.Ordinal);
            using var retrain = await viewer.PostAsync($"/api/hosts/{DemoLog.Collection}/host-01/retrain", null, token);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, retrain.StatusCode);

            // On its own server the demo warns of nothing of LAD's (it polls, and says so, where that server offers no
            // change streams).
            if (embedded)
            {
                Assert.DoesNotContain(output, l => l.Contains(" warn: Lad.", StringComparison.Ordinal));
            }
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync(CancellationToken.None);
        }
    }
}
