using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Detection;
using Lad.Integration.Tests.Fixtures;
using Lad.Integration.Tests.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A bad entry in <c>lad_sources</c> (edited by hand, or stored before a rule existed) is skipped and
/// reported; the other sources run, and no source can point its anomalies at LAD's own collections.</summary>
public class StoredSourceTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task BadStoredEntriesAreSkippedAndTheOtherSourcesRun()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("stored_in"), MongoServerFixture.NewDatabaseName("stored_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        var sources = server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>("lad_sources");
        await sources.InsertManyAsync(
            [
                new BsonDocument { ["_id"] = "broken_logs", ["hostnames"] = "cumulus", ["target_collection"] = 3 },
                new BsonDocument { ["_id"] = "evil_logs", ["hostnames"] = new BsonArray { "h1" }, ["target_collection"] = "lad_sources" },
            ],
            cancellationToken: TestContext.Current.CancellationToken);

        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);
        var registry = SourceRegistry.Get(cluster.Grains);

        Assert.Equal([Network], (await registry.ListAsync()).Select(s => s.Collection));

        // Woken without the registry (as by its reminder), the host of the bad entry still refuses to run.
        var woken = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Host("evil_logs", "h1").StartAsync());
        Assert.Contains("cannot run: target collection: 'lad_sources' starts with 'lad_'", woken.Message);

        var refused = await Assert.ThrowsAsync<LadRequestException>(() => registry.AddAsync("more_logs", ["h2"], "lad_feedback"));
        Assert.StartsWith("target collection: 'lad_feedback' starts with 'lad_'", refused.Message);

        // Removing the whole unreadable source clears it.
        Assert.Null(await registry.RemoveAsync("broken_logs", []));
        var left = await sources.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["$seeded", "evil_logs", Network], left.Select(d => d["_id"].AsString).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AHostAddedToTheYamlAfterTheFirstStartIsNamedAtTheNextStartAsNotRunning()
    {
        var yaml = OneHost(server.ConnectionString, MongoServerFixture.NewDatabaseName("yaml_in"), MongoServerFixture.NewDatabaseName("yaml_out"));
        await using (var first = await DaemonCluster.StartAsync(yaml, captureLogs: true))
        {
            await ReadyAsync(first);
            Assert.DoesNotContain(first.SiloServices.GetRequiredService<CapturedLogs>().Entries, e => e.Message.StartsWith("LOG_SOURCES", StringComparison.Ordinal));
        }

        // The seed project's way of adding a host: edit the YAML and restart. The stored sources win, and the silo says so.
        await using var second = await DaemonCluster.StartAsync(yaml.Replace("[\"cumulus\"]", "[\"cumulus\", \"newhost\"]", StringComparison.Ordinal), captureLogs: true);
        await ReadyAsync(second);
        var warning = Assert.Single(second.SiloServices.GetRequiredService<CapturedLogs>().Entries, e => e.Message.StartsWith("LOG_SOURCES", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"so this is not applied: {Network}/newhost. ", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["cumulus"], Assert.Single(await SourceRegistry.Get(second.Grains).ListAsync()).Hostnames);
    }

    private static Task ReadyAsync(DaemonCluster cluster)
    {
        var readiness = cluster.SiloServices.GetRequiredService<DaemonReadiness>();
        return Eventually.WaitAsync(() => readiness.ProblemAsync(TestContext.Current.CancellationToken), p => p is null, Wait, p => p ?? "");
    }
}
