using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MongoDB.Driver;
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
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await AnomaliesAsync(running)).Status);
        // The silo's start makes the anomaly collection's indexes; once they are there, nothing but a request names that
        // collection (no line arrives), so the next command naming it is the request's, and it goes out on a connection
        // that carries nothing more.
        await Eventually.WaitAsync(
            async () => await (await running.Target.GetCollection<MongoDB.Bson.BsonDocument>(NetworkTarget).Indexes.ListAsync(ct)).ToListAsync(ct),
            indexes => indexes.Any(i => i["name"] == Lad.Grains.Retention.TtlIndex.Name), ConsoleScenario.Wait, i => $"{i.Count} indexes");
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
