using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lad.Integration.Tests.Console;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Security;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

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
        Assert.Equal(HttpStatusCode.OK, (await AnomaliesAsync(running)).Status);
        await forwarder.CutAsync();

        // A connection the forwarder accepted as it was cut may still carry a request or two: the next fails.
        var (status, body) = await Eventually.WaitAsync(() => AnomaliesAsync(running), r => r.Status != HttpStatusCode.OK, ConsoleScenario.Wait, r => $"{r.Status}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith($"MongoDB at 127.0.0.1:{forwarder.Port} unreachable", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ARequestWhoseReplyNeverComesIsAnswered503AtItsDeadline()
    {
        var direct = new MongoDB.Driver.MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        await using var running = await ConsoleSilo.StartAsync(server, "storeslow", forwarder.UnwatchedConnectionString, deadlineMilliseconds: 3_000);
        Assert.Equal(HttpStatusCode.OK, (await AnomaliesAsync(running)).Status);
        // The next read of the anomaly collection goes out on a connection that carries nothing more.
        forwarder.StrandOnRequest(NetworkTarget);

        var (status, body) = await AnomaliesAsync(running);

        Assert.True(forwarder.BytesDropped > 0, "the request was not stranded, so nothing was left waiting");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(
            $"MongoDB at 127.0.0.1:{forwarder.Port} unreachable or too slow (no reply within the request's deadline of 3 s; the request was abandoned)",
            JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    private static async Task<(HttpStatusCode Status, string Body)> AnomaliesAsync(ConsoleSilo running)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/anomalies");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Reader);
        using var response = await running.Web.Http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
