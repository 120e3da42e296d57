using Lad.Grains.Placement;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A silo stopped while its hosts' timers keep firing.</summary>
public class GracefulStopTests(MongoServerFixture server)
{
    private const int Hosts = 100;

    /// <summary>A stop is no failure: hosts whose timers fire while the silo deactivates them (and their shared poll)
    /// used to log "poll failed" for calls the stopping silo refused, and Orleans an error for each grain it could not
    /// move off the last silo. 100 hosts polling every 20 ms logged them in two of three stops.</summary>
    [Fact]
    public async Task AStopLogsNoWarningsOrErrorsAboutItsHosts()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("stop_in"), MongoServerFixture.NewDatabaseName("stop_out"));
        var names = Enumerable.Range(0, Hosts).Select(i => $"h{i:000}").ToList();
        var writtenAt = DateTime.UtcNow.AddMinutes(-1);
        await new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb)).InsertAsync(
            DaemonYaml.Network,
            names.SelectMany(host => Enumerable.Range(0, 5).Select(i =>
            {
                var document = LogStore.Document(host, LogStore.Normal("cumulus", i));
                document["_id"] = ObjectId.GenerateNewId(writtenAt);
                return document;
            })));
        var yaml = $"""
            MG_URI: "{server.ConnectionString}"
            MG_INPUT_DB: "{inputDb}"
            MG_TARGET_DB: "{targetDb}"
            LOG_SOURCES:
              "{DaemonYaml.Network}":
                HOSTNAMES: [{string.Join(", ", names.Select(n => $"\"{n}\""))}]
                MG_TARGET_COL: "{DaemonYaml.NetworkTarget}"
            """;
        await using var cluster = await DaemonCluster.StartAsync(yaml, pollMilliseconds: 20, captureLogs: true);
        await cluster.WaitAllDetectingAsync(TimeSpan.FromSeconds(120));
        var logs = cluster.SiloServices.GetRequiredService<CapturedLogs>();
        var drain = cluster.SiloServices.GetRequiredService<StepDrain>();
        var participants = cluster.SiloServices.GetServices<ILifecycleParticipant<ISiloLifecycle>>().ToList();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var stoppedAt = logs.Entries.Count;
        await cluster.StopAsync();

        // The silo's stop let the hosts' steps in flight end before their grains were deactivated.
        Assert.Contains(participants, p => ReferenceEquals(p, drain));
        Assert.True(drain.Stopping);
        Assert.Equal(0, drain.Running);

        var afterStop = logs.Entries.Skip(stoppedAt).ToList();
        Assert.Contains(afterStop, e => e.Message.Contains("Orleans Silo stopped", StringComparison.Ordinal));
        // LAD's own entries and Orleans' about LAD's grains: a loaded machine may add runtime notes of its own (a watchdog's
        // stall warning), which say nothing of how a stop treats the hosts.
        var complaints = afterStop.Where(e => e.Level >= LogLevel.Warning && AboutLad(e)).ToList();
        Assert.True(complaints.Count == 0, string.Join('\n', complaints));
    }

    private static bool AboutLad(CapturedLog entry) =>
        entry.Category.StartsWith("Lad.", StringComparison.Ordinal)
        || $"{entry.Message} {entry.Exception}".Contains("hostdetector", StringComparison.Ordinal)
        || $"{entry.Message} {entry.Exception}".Contains("collectionpoller", StringComparison.Ordinal);
}
