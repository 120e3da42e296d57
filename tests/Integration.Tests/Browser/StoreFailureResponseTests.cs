using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;

namespace Lad.Integration.Tests.Browser;

/// <summary>A request the silo's MongoDB fails is answered 503 with the reason, like every other refusal, not with an
/// empty 500.</summary>
public class StoreFailureResponseTests(MongoServerFixture server)
{
    [Fact]
    public async Task ARequestMongoDbFailsIsAnswered503NamingTheServer()
    {
        var direct = new MongoDB.Driver.MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        await using var running = await ConsoleSilo.StartAsync(server, "storefail", forwarder.UnwatchedConnectionString);
        var ct = TestContext.Current.CancellationToken;
        async Task<(HttpStatusCode Status, string Body)> AnomaliesAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/anomalies");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Reader);
            using var response = await running.Web.Http.SendAsync(request, ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        Assert.Equal(HttpStatusCode.OK, (await AnomaliesAsync()).Status);
        await forwarder.CutAsync();

        // A connection the forwarder accepted as it was cut may still carry a request or two: the next fails.
        var (status, body) = await Eventually.WaitAsync(AnomaliesAsync, r => r.Status != HttpStatusCode.OK, ConsoleScenario.Wait, r => $"{r.Status}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith($"MongoDB at 127.0.0.1:{forwarder.Port} unreachable", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }
}
