using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Incidents;
using Lad.Grains.Management;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Logging;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Serialization;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

public class OutageTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DetectionResumesAfterMongoDbComesBackAndScoresEachDocumentOnce()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("outage_in"), MongoServerFixture.NewDatabaseName("outage_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        var viaForwarder = $"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=2000";

        // Only the log source and sink go through the forwarder; grain state keeps its direct connection.
        await using var cluster = await DaemonCluster.StartAsync(
            OneHost(viaForwarder, inputDb, targetDb), storageConnection: server.ConnectionString, captureLogs: true);
        await cluster.WaitAllDetectingAsync(Wait);
        var grain = cluster.Host(Network, "cumulus");
        await store.InsertAsync(Network, Enumerable.Range(0, 20).Select(i => LogStore.Document("cumulus", i == 10 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i))));
        await Eventually.WaitAsync(() => store.AnomaliesAsync(NetworkTarget), a => a.Count == 1, Wait, a => $"{a.Count} anomalies");
        Assert.True(forwarder.ConnectionsAccepted > 0, "the daemon did not go through the forwarder");

        await forwarder.CutAsync();
        // The normal lines go on where the first batch stopped: the host's stream keeps its usual order.
        await store.InsertAsync(Network, Enumerable.Range(0, 40).Select(i => LogStore.Document("cumulus", i % 10 == 3 ? LogStore.Foreign(i + 100) : LogStore.Normal("cumulus", i + 20))));
        var failed = await Eventually.WaitAsync(
            grain.GetStatusAsync, s => s.Reason?.Contains("; retry 3 in", StringComparison.Ordinal) == true, Wait, s => $"{s.Phase} {s.Reason}");
        Assert.Equal(DetectorPhase.Failed, failed.Phase);
        Assert.Contains("poll failed", failed.Reason);
        Assert.Single(await store.AnomaliesAsync(NetworkTarget));

        forwarder.Restore();
        var resumed = await Eventually.WaitAsync(
            grain.GetStatusAsync, s => s.Phase == DetectorPhase.Detecting && s.LinesScored >= 60, Wait, s => $"{s.Phase} {s.Reason}, {s.LinesScored} scored");

        // Three failures in a row and more, one warning: the run's first. Its end is logged once, with the count.
        var logged = cluster.SiloServices.GetRequiredService<CapturedLogs>().Entries.Where(e => e.Message.StartsWith("Host network_logs/cumulus: ", StringComparison.Ordinal)).ToList();
        Assert.Single(logged, e => e.Message.Contains("poll failed", StringComparison.Ordinal));
        Assert.Single(logged, e => System.Text.RegularExpressions.Regex.IsMatch(e.Message, @"polling resumed after ([3-9]|\d\d+) failure\(s\)$"));

        Assert.Equal(60L, resumed.LinesScored); // each document once: the failed polls scored nothing
        Assert.Equal(5L, resumed.Anomalies);
        Assert.Equal(5, (await store.AnomaliesAsync(NetworkTarget)).Count);
    }

    [Fact]
    public async Task AReplyThatNeverComesHoldsNoHostPastTheStepDeadlineAndLosesNoLine()
    {
        await using var daemon = await DaemonBehindForwarder.StartAsync(server, "stranded");
        var (store, forwarder) = (daemon.Store, daemon.Forwarder);
        var grain = daemon.Cluster.Host(Network, "cumulus");
        await store.InsertAsync(Network, Enumerable.Range(0, 20).Select(i => LogStore.Document("cumulus", i == 10 ? LogStore.Foreign(i) : LogStore.Normal("cumulus", i))));
        await Eventually.WaitAsync(grain.GetStatusAsync, s => s.LinesScored == 20, Wait, s => $"{s.LinesScored} scored");

        // Every connection open now carries nothing more, without a reset: the next read on each waits for a reply that
        // never comes. Connections opened after it work.
        var stranded = forwarder.Strand();
        await store.InsertAsync(Network, Enumerable.Range(0, 20).Select(i => LogStore.Document("cumulus", i % 10 == 3 ? LogStore.Foreign(i + 100) : LogStore.Normal("cumulus", i + 20))));
        var resumed = await Eventually.WaitAsync(
            grain.GetStatusAsync, s => s.Phase == DetectorPhase.Detecting && s.LinesScored >= 40, Wait,
            s => $"{s.Phase} {s.Reason}, {s.LinesScored} scored; {stranded} connections stranded");

        Assert.True(forwarder.BytesDropped > 0, "no request was sent on a stranded connection, so nothing was left waiting");
        Assert.Equal(40L, resumed.LinesScored);
        Assert.Equal(3L, resumed.Anomalies);
        Assert.Equal(3, (await store.AnomaliesAsync(NetworkTarget)).Count);

        // The source's incident bookkeeping (one grain for all its hosts) got through as well: each anomaly counted once.
        var lines = server.Client.GetDatabase(daemon.TargetDatabase).GetCollection<BsonDocument>(MongoIncidentStore.LinesCollectionName);
        await Eventually.WaitAsync(
            () => lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty), n => n == 3, Wait, n => $"{n} anomalies counted in incidents");
    }

    [Fact]
    public async Task AnOperatorsRequestWhoseReplyNeverComesFailsAtItsDeadlineAndTheNextIsAnswered()
    {
        await using var daemon = await DaemonBehindForwarder.StartAsync(server, "request");
        var feedback = daemon.Cluster.Grains.GetGrain<IFeedbackGrain>(0);
        Assert.Empty(await feedback.ListAsync(null, null, null, 10));

        // The next read of the feedback collection (nothing but a request reads it once hosts are detecting) goes out on
        // a connection that carries nothing more. The feedback grain answers one request at a time: without a deadline
        // that request held it, and every request after it, for as long as the driver waits, which is for ever.
        daemon.Forwarder.StrandOnRequest(MongoFeedbackStore.CollectionName);
        var error = await Assert.ThrowsAsync<LadStoreException>(() => feedback.ListAsync(null, null, null, 10));
        var answered = await feedback.ListAsync(null, null, null, 10);

        Assert.True(daemon.Forwarder.BytesDropped > 0, "the request was not stranded, so nothing was left waiting");
        // The request's own deadline, not the client giving up after its response timeout (30 s) on a grain still held.
        Assert.Contains("the request's deadline of 3 s", error.Message);
        Assert.Empty(answered);
    }

    [Fact]
    public async Task ACallThatMongoDbFailsSaysSoToTheCaller()
    {
        await using var daemon = await DaemonBehindForwarder.StartAsync(server, "refused");
        var feedback = daemon.Cluster.Grains.GetGrain<IFeedbackGrain>(0);
        Assert.Empty(await feedback.ListAsync(null, null, null, 10));

        await daemon.Forwarder.CutAsync();
        // A connection the forwarder accepted as it was cut may still carry a request or two: the next fails.
        var error = await Eventually.WaitAsync(
            async Task<Exception?> () =>
            {
                try
                {
                    await feedback.ListAsync(null, null, null, 10);
                    return null;
                }
                catch (Exception e)
                {
                    return e;
                }
            },
            e => e is not null, Wait, _ => "every request was answered after MongoDB was cut off");

        // An operator's request names the server and what failed, in a line (the driver's own text of a server selection
        // timeout is the whole cluster state, stack traces included).
        var refused = Assert.IsType<LadStoreException>(error);
        Assert.StartsWith($"MongoDB at 127.0.0.1:{daemon.Forwarder.Port} ", refused.Message);
        Assert.DoesNotContain("\n", refused.Message);

        // Any other call MongoDB fails sends the driver's exception and message on: Orleans refused to serialize a type
        // outside the namespaces it trusts, and the caller got "could not find a codec for type MongoDB.Driver...".
        var serializer = daemon.Cluster.SiloServices.GetRequiredService<Serializer>();
        var sent = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(new MongoClientException("the server refused")));
        Assert.Equal("the server refused", Assert.IsType<MongoClientException>(sent).Message);
    }

    /// <summary>One host with a 200-line history, detecting through a forwarder whose connections a test can strand
    /// (<see cref="TcpForwarder.UnwatchedConnectionString"/>), with a step and request deadline of 3 s.</summary>
    private sealed class DaemonBehindForwarder(LogStore store, string targetDatabase, TcpForwarder forwarder, DaemonCluster cluster) : IAsyncDisposable
    {
        public LogStore Store => store;

        public string TargetDatabase => targetDatabase;

        public TcpForwarder Forwarder => forwarder;

        public DaemonCluster Cluster => cluster;

        public static async Task<DaemonBehindForwarder> StartAsync(MongoServerFixture server, string name)
        {
            var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName(name + "_in"), MongoServerFixture.NewDatabaseName(name + "_out"));
            var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
            await store.InsertHistoryAsync(Network, "cumulus", 200);
            var direct = new MongoUrl(server.ConnectionString).Server;
            var forwarder = new TcpForwarder(direct.Host, direct.Port);
            DaemonCluster? cluster = null;
            try
            {
                cluster = await DaemonCluster.StartAsync(OneHost(forwarder.UnwatchedConnectionString, inputDb, targetDb), stepDeadlineMilliseconds: 3_000);
                await cluster.WaitAllDetectingAsync(Wait);
                return new DaemonBehindForwarder(store, targetDb, forwarder, cluster);
            }
            catch
            {
                if (cluster is not null)
                {
                    await cluster.DisposeAsync();
                }

                await forwarder.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await cluster.DisposeAsync();
            await forwarder.DisposeAsync();
        }
    }
}
