using System.Collections.Concurrent;
using Lad.Grains.Abstractions.Detection;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Core.Internal;

namespace Lad.Integration.Tests.Daemon;

/// <summary>
/// Hosts by the hundred starting, asked for their status at once, and told all at once to read for themselves (by a
/// new activation of their collection's shared poll) each send MongoDB a query, far more than the pool has connections.
/// They wait for one: past the driver's default wait queue (five times the pool) each would fail at once with
/// <c>MongoWaitQueueFullException</c>, a host's start and status call failing and its reads showing as failed polls.
/// </summary>
public class ReadBurstTests(MongoServerFixture server)
{
    private const int Hosts = 120;
    private const string Collection = "burst_logs";
    // A small pool (the driver's default wait queue would hold 50 for it) and a distant server keep the queries waiting.
    private const int PoolSize = 10;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task EveryHostToldToReadForItselfAtOnceReadsWithoutAFailedPoll()
    {
        var ct = TestContext.Current.CancellationToken;
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("burst_in"), MongoServerFixture.NewDatabaseName("burst_out"));
        var hostnames = Enumerable.Range(0, Hosts).Select(i => $"host{i}").ToList();
        var writtenAt = DateTime.UtcNow.AddMinutes(-1);
        var history = hostnames.SelectMany(h => Enumerable.Range(0, 3).Select(i => new BsonDocument
        {
            ["_id"] = ObjectId.GenerateNewId(writtenAt),
            ["Hostname"] = h,
            ["Message"] = $"worker {i} finished its batch",
        }));
        await server.Client.GetDatabase(inputDb).GetCollection<BsonDocument>(Collection).InsertManyAsync(history, cancellationToken: ct);

        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var distant = new TcpForwarder(direct.Host, direct.Port) { Latency = Latency };
        var uri = $"mongodb://127.0.0.1:{distant.Port}/?directConnection=true&maxPoolSize={PoolSize}";
        var yaml = $"""
            MG_URI: "{uri}"
            MG_INPUT_DB: "{inputDb}"
            MG_TARGET_DB: "{targetDb}"
            POLL_INTERVAL: 1
            LOG_SOURCES:
              "{Collection}":
                HOSTNAMES: [{string.Join(", ", hostnames.Select(h => $"\"{h}\""))}]
                MG_TARGET_COL: "burst_anomaly"
            """;
        // Grain state keeps a direct connection of its own: only the hosts' reads (and the poll's) share the small pool.
        await using var cluster = await DaemonCluster.StartAsync(yaml, storageConnection: server.ConnectionString, pollMilliseconds: 500);
        await cluster.WaitAllDetectingAsync(Wait);
        await Eventually.WaitAsync(cluster.StatusesAsync, s => s.All(h => h.LastPoll is not null), Wait,
            s => $"{s.Count(h => h.LastPoll is null)} hosts have not read yet");

        var told = DateTime.UtcNow;
        var poll = cluster.Grains.GetGrain<Lad.Grains.Polling.ICollectionPollerGrain>(Collection);
        await poll.Cast<IGrainManagementExtension>().DeactivateOnIdle(ct);

        // The next host to tick activates the poll again, and its first step tells all 120 hosts to read for themselves.
        var reasons = new ConcurrentBag<string>();
        var read = await Eventually.WaitAsync(
            async () =>
            {
                var statuses = await cluster.StatusesAsync();
                foreach (var status in statuses.Where(s => s.Reason is not null))
                {
                    reasons.Add($"{status.Host.Hostname}: {status.Reason}");
                }

                return statuses;
            },
            s => s.All(h => h.LastPoll > told && h.Reason is null),
            Wait,
            s => $"{s.Count(h => h.LastPoll > told)} of {Hosts} hosts read after the poll restarted; {reasons.Count} failures seen");

        Assert.Equal(Hosts, read.Count(h => h.Phase == DetectorPhase.Detecting));
        Assert.True(reasons.IsEmpty, $"{reasons.Count} failed polls, e.g. {reasons.FirstOrDefault()}");
    }
}
