using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Abstractions.Sources;
using Lad.Grains.Incidents;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Core.Internal;

namespace Lad.Integration.Tests.Incidents;

/// <summary>The daemon groups the anomalies its hosts write into incidents in <c>lad_incidents</c>: one planted fault on
/// three hosts is one incident listing them, counted once per anomaly however often it is handed over, and people can
/// acknowledge and resolve it.</summary>
public class IncidentDaemonTests(MongoServerFixture server)
{
    private const string Collection = "switch_logs";
    private const string Target = "switch_anomaly";
    private static readonly string[] Hosts = ["cumulus", "EXOS-VM", "172.17.18.178"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AFaultOnThreeHostsIsOneIncidentThatCountsEachLineOnceAndCanBeAcknowledgedAndResolved()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("inc_in"), MongoServerFixture.NewDatabaseName("inc_out"));
        var target = server.Client.GetDatabase(targetDb);
        var store = new LogStore(server.Client.GetDatabase(inputDb), target);
        foreach (var host in Hosts)
        {
            await store.InsertHistoryAsync(Collection, host, 150);
        }

        await using var cluster = await DaemonCluster.StartAsync(Yaml(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        // A burst of the same fault on every host, between normal lines.
        await store.InsertAsync(Collection, Hosts.SelectMany(host => Enumerable.Range(0, 8).SelectMany(i => new[]
        {
            LogStore.Document(host, LogStore.Normal(host, i)),
            LogStore.Document(host, LogStore.Foreign(i)),
        })));
        var queries = cluster.Grains.GetGrain<IIncidentQueryGrain>(0);
        var anomalies = await Eventually.WaitAsync(
            () => store.AnomaliesAsync(Target), a => a.Select(d => d["lad"]["hostname"].AsString).Distinct().Count() == 3, Wait,
            a => $"{a.Count} anomalies");
        var listed = await Eventually.WaitAsync(
            async () => (Anomalies: await store.AnomaliesAsync(Target), Incidents: await queries.ListAsync(new IncidentQuery(true, null, null, null, 10))),
            x => x.Incidents.Count == 1 && x.Incidents[0].Count == x.Anomalies.Count && x.Incidents[0].Hosts.Count == 3, Wait,
            x => $"{x.Anomalies.Count} anomalies; incidents: {string.Join("; ", x.Incidents.Select(i => $"{i.Count} on {string.Join(",", i.Hosts)}"))}");
        var incident = listed.Incidents[0];
        Assert.True(incident.Count >= 3, $"{incident.Count} anomalies");
        Assert.Equal(Hosts.Order(StringComparer.Ordinal), incident.Hosts);
        Assert.Equal(("open", Collection), (incident.State, incident.Source));
        Assert.Contains("kernel panic", incident.Representative);

        // Handing the same anomalies over again (a replayed batch) changes no count.
        var replay = listed.Anomalies.Select(d => new IncidentAnomaly(
            d["_id"].AsString, d["lad"]["hostname"].AsString, d["lad"]["source_id"].AsObjectId.CreationTime, d["lad"]["template"].AsString,
            d["lad"]["message"].AsString, [], 1)).ToList();
        await cluster.Grains.GetGrain<ISourceIncidentsGrain>(Collection).RecordAsync(replay);
        var afterReplay = Assert.Single(await queries.ListAsync(new IncidentQuery(false, Collection, null, null, 10)));
        Assert.Equal(incident.Count, afterReplay.Count);
        Assert.Equal(incident.Count, await target.GetCollection<BsonDocument>(MongoIncidentStore.LinesCollectionName)
            .CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("incident", incident.Id), cancellationToken: TestContext.Current.CancellationToken));

        // A crash after the line records were written but before the count was: the replay recounts from the records.
        await target.GetCollection<BsonDocument>(MongoIncidentStore.CollectionName).UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", incident.Id), Builders<BsonDocument>.Update.Set("count", 0L),
            cancellationToken: TestContext.Current.CancellationToken);
        await cluster.Grains.GetGrain<ISourceIncidentsGrain>(Collection).RecordAsync(replay);
        Assert.Equal(incident.Count, (await queries.GetAsync(incident.Id, 0)).Count);

        // Details carry the host's lines around each sample, read from the source collection.
        var details = await queries.GetAsync(incident.Id, 2);
        Assert.NotEmpty(details.Samples);
        Assert.All(details.Samples, s => Assert.Equal(2, s.Before.Count));
        Assert.Contains(details.Samples, s => s.After.Count > 0);

        var acknowledged = await queries.AcknowledgeAsync(incident.Id, "alice");
        Assert.Equal("acknowledged", acknowledged.State);
        Assert.NotNull(acknowledged.AcknowledgedBy);
        var resolved = await queries.ResolveAsync(incident.Id, "alice");
        Assert.Equal("resolved", resolved.State);
        Assert.NotNull(resolved.ResolvedBy);
        var again = await Assert.ThrowsAsync<Lad.Grains.Abstractions.LadRequestException>(() => queries.ResolveAsync(incident.Id, "alice"));
        Assert.Contains("not an unresolved incident", again.Message);
        Assert.Empty(await queries.ListAsync(new IncidentQuery(true, null, null, null, 10)));

        // The fault coming back after its incident was resolved opens a new incident.
        await store.InsertAsync(Collection, [LogStore.Document(Hosts[0], LogStore.Foreign(99))]);
        var reopened = await Eventually.WaitAsync(
            () => queries.ListAsync(new IncidentQuery(true, null, Hosts[0], null, 10)), l => l.Count == 1, Wait, l => $"{l.Count} open");
        Assert.NotEqual(incident.Id, reopened[0].Id);
        Assert.Equal(incident.Count, (await queries.GetAsync(incident.Id, 0)).Count);

        var indexes = await (await target.GetCollection<BsonDocument>(MongoIncidentStore.CollectionName).Indexes
            .ListAsync(TestContext.Current.CancellationToken)).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Superset(new HashSet<string> { "source_state_last_seen", "hosts_last_seen", "last_seen" }, indexes.Select(i => i["name"].AsString).ToHashSet());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnIncidentQuietForItsQuietPeriodIsResolvedByTheTimer(bool grainLostBeforeTheQuietPeriodEnded)
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("incq_in"), MongoServerFixture.NewDatabaseName("incq_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Collection, Hosts[0], 150);
        await using var cluster = await DaemonCluster.StartAsync(
            DaemonYaml.OneSource(server.ConnectionString, inputDb, targetDb, Collection, Hosts[0], Target) + "\nINCIDENT_QUIET_PERIOD: 5\n");
        await cluster.WaitAllDetectingAsync(Wait);
        var queries = cluster.Grains.GetGrain<IIncidentQueryGrain>(0);

        await store.InsertAsync(Collection, [LogStore.Document(Hosts[0], LogStore.Foreign(1)), LogStore.Document(Hosts[0], LogStore.Foreign(2))]);
        if (grainLostBeforeTheQuietPeriodEnded)
        {
            // The grain gone, as with the silo it ran on; no anomaly comes to wake it again.
            await Eventually.WaitAsync(() => queries.ListAsync(new IncidentQuery(true, null, null, null, 10)), l => l.Count == 1, Wait, l => $"{l.Count} open");
            await cluster.Grains.GetGrain<ISourceIncidentsGrain>(Collection).Cast<IGrainManagementExtension>()
                .DeactivateOnIdle(TestContext.Current.CancellationToken);
        }

        var resolved = await Eventually.WaitAsync(
            () => queries.ListAsync(new IncidentQuery(false, Collection, null, null, 10)),
            l => l.Count == 1 && l[0].State == "resolved", Wait, l => string.Join("; ", l.Select(i => $"{i.State} {i.Count}")));
        var incident = resolved[0];
        Assert.Null(incident.ResolvedBy);
        Assert.Equal(incident.LastSeen.AddSeconds(5), incident.ResolvedAt);
        Assert.Equal(2, incident.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnIncidentLeftOpenByARestartIsResolvedByTheNextSiloWithoutNewAnomalies(bool sourceRemovedBeforeTheRestart)
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("incr_in"), MongoServerFixture.NewDatabaseName("incr_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Collection, Hosts[0], 150);
        var yaml = DaemonYaml.OneSource(server.ConnectionString, inputDb, targetDb, Collection, Hosts[0], Target) + "\nINCIDENT_QUIET_PERIOD: 15\n";
        var first = await DaemonCluster.StartAsync(yaml);
        IReadOnlyList<IncidentSummary> open;
        try
        {
            await first.WaitAllDetectingAsync(Wait);
            await store.InsertAsync(Collection, [LogStore.Document(Hosts[0], LogStore.Foreign(1))]);
            open = await Eventually.WaitAsync(
                () => first.Grains.GetGrain<IIncidentQueryGrain>(0).ListAsync(new IncidentQuery(true, null, null, null, 10)),
                l => l.Count == 1, Wait, l => $"{l.Count} open");
            if (sourceRemovedBeforeTheRestart)
            {
                Assert.Null(await SourceRegistry.Get(first.Grains).RemoveAsync(Collection, []));
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        // A removed source has no host on the next silo to bring it an anomaly; its open incident still goes quiet.
        await using var second = await DaemonCluster.StartAsync(yaml);
        Assert.Equal(sourceRemovedBeforeTheRestart ? 0 : 1, (await SourceRegistry.Get(second.Grains).ListAsync()).Count);
        var resolved = await Eventually.WaitAsync(
            () => second.Grains.GetGrain<IIncidentQueryGrain>(0).ListAsync(new IncidentQuery(false, null, null, null, 10)),
            l => l.Count == 1 && l[0].State == "resolved", Wait, l => string.Join("; ", l.Select(i => i.State)));
        Assert.Equal((open[0].Id, open[0].LastSeen.AddSeconds(15)), (resolved[0].Id, resolved[0].ResolvedAt));
    }

    private static string Yaml(string uri, string inputDb, string targetDb) => $"""
        MG_URI: "{uri}"
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_POLL_BATCH_SIZE: 50
        POLL_INTERVAL: 1
        LOG_SOURCES:
          "{Collection}":
            HOSTNAMES: ["{string.Join("\", \"", Hosts)}"]
            MG_TARGET_COL: "{Target}"
        """;
}
