using System.Globalization;
using Lad.Grains.Metrics;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Metrics;
using Lad.Silo.Web;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A source with <c>SESSION_REGEX</c>: the daemon keys each line by its session, as <c>lad eval --session-regex</c>
/// does, so a session that stops where training sessions never stopped is reported at its last line.</summary>
public class SessionDaemonTests(MongoServerFixture server)
{
    private const string Collection = "app_logs";
    private const string Target = "app_anomaly";
    private const string Host = "api-1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    // A request runs four steps; two requests are in flight at once, so their lines interleave.
    private static readonly string[] Steps =
    [
        "req-{0} accepted from 10.0.0.{1}",
        "req-{0} authenticated user u{1}",
        "req-{0} query returned {1} rows",
        "req-{0} closed after {1} ms",
    ];

    [Fact]
    public async Task ASessionCutShortIsReportedAtItsLastLineAsASessionEnding()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("sess_in"), MongoServerFixture.NewDatabaseName("sess_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertAsync(Collection, Interleaved(Enumerable.Range(1000, 160).ToList()).Select(m => LogStore.Document(Host, m)));
        await using var cluster = await DaemonCluster.StartAsync(Yaml(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        // req-5000 is accepted and never heard of again, while 30 complete requests go on around it.
        var live = new List<string> { Line(5000, 0) };
        live.AddRange(Interleaved(Enumerable.Range(2000, 30).ToList()));
        var ids = await store.InsertAsync(Collection, live.Select(m => LogStore.Document(Host, m)));
        await Eventually.WaitAsync(
            () => cluster.Host(Collection, Host).GetStatusAsync(), s => s.LinesScored >= live.Count, Wait, s => $"{s.LinesScored} scored");

        var anomalies = await Eventually.WaitAsync(
            () => store.AnomaliesAsync(Target), a => a.Count > 0, Wait, a => $"{a.Count} anomalies");
        var ending = Assert.Single(anomalies);
        var lad = ending["lad"].AsBsonDocument;
        Assert.Equal("session_end", lad["kind"].AsString);
        Assert.Equal("req-5000", lad["session"].AsString);
        Assert.Equal(ids[0], lad["source_id"].AsObjectId);
        Assert.Equal($"{Collection}:{ids[0]}:session-end", ending["_id"].AsString);

        // What the host holds is scraped as a gauge. Two more requests make a later batch: by its end, the requests that
        // finished more than ten idle limits before (a few lines each, two running at a time) were judged and forgotten,
        // so it holds the last few of the 33, not all of them.
        var more = Interleaved([3000, 3001]).ToList();
        await store.InsertAsync(Collection, more.Select(m => LogStore.Document(Host, m)));
        await Eventually.WaitAsync(
            () => cluster.Host(Collection, Host).GetStatusAsync(), s => s.LinesScored >= live.Count + more.Count, Wait, s => $"{s.LinesScored} scored");
        var held = Exposition.Value(PrometheusText.Write(cluster.SiloServices.GetRequiredService<LadMetrics>()), "aiops_lad_sessions_held", Collection, Host);
        Assert.InRange(held, 2, 20);
        // `lad hosts` shows the same count.
        Assert.Equal((int)held, (await cluster.Host(Collection, Host).GetStatusAsync()).SessionsHeld);
    }

    private static string Line(int request, int step) =>
        string.Format(CultureInfo.InvariantCulture, Steps[step], request, (request * 7 + step) % 50);

    private static IEnumerable<string> Interleaved(List<int> requests)
    {
        for (var i = 0; i < requests.Count; i += 2)
        {
            foreach (var step in Enumerable.Range(0, Steps.Length))
            {
                yield return Line(requests[i], step);
                if (i + 1 < requests.Count)
                {
                    yield return Line(requests[i + 1], step);
                }
            }
        }
    }

    private static string Yaml(string uri, string inputDb, string targetDb) =>
        DaemonYaml.OneSource(uri, inputDb, targetDb, Collection, Host, Target, @"SESSION_REGEX: 'req-\d+'");
}
