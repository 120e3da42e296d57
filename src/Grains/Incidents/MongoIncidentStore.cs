using Lad.Engine.Incidents;
using Lad.Grains.Mongo;
using Lad.Grains.Retention;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Incidents;

/// <summary>Keeps incidents in <c>MG_TARGET_DB.lad_incidents</c> and which incident each anomaly was counted in in
/// <c>MG_TARGET_DB.lad_incident_lines</c>.</summary>
/// <remarks>The line records are what makes counting exact: an anomaly id is recorded once (it is the record's
/// <c>_id</c>), an anomaly already recorded is never grouped again, and an incident's count is the number of its
/// records, so a batch replayed after a crash at any step counts nothing twice. They are kept apart from the anomaly
/// documents because a replayed batch replaces those whole.</remarks>
public sealed class MongoIncidentStore
{
    /// <summary>The incidents collection.</summary>
    public const string CollectionName = "lad_incidents";

    /// <summary>The collection recording each counted anomaly's incident.</summary>
    public const string LinesCollectionName = "lad_incident_lines";

    private readonly IMongoCollection<BsonDocument> _incidents;
    private readonly IMongoCollection<BsonDocument> _lines;
    private readonly TimeProvider _time;
    private readonly SetupOnce _indexes;
    private readonly TimeSpan? _retention;

    /// <summary>Creates the store over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    /// <param name="targetDatabase">The target database.</param>
    /// <param name="retention">How long incidents (after their last line) and line records are kept
    /// (<c>RETENTION_DAYS</c>); null keeps them forever.</param>
    /// <param name="time">Dates the writes; the system clock when null.</param>
    public MongoIncidentStore(IMongoDatabase targetDatabase, TimeSpan? retention = null, TimeProvider? time = null)
    {
        _retention = retention;
        _incidents = targetDatabase.GetCollection<BsonDocument>(CollectionName);
        _lines = targetDatabase.GetCollection<BsonDocument>(LinesCollectionName);
        _time = time ?? TimeProvider.System;
        _indexes = new SetupOnce(() => CreateIndexesAsync(CancellationToken.None));
    }

    /// <summary>Creates the indexes the queries need: once per store, later calls wait for that; a failed attempt (MongoDB
    /// unreachable) is made again by the next call.</summary>
    public Task EnsureIndexesAsync() => _indexes.RunAsync();

    /// <summary>The incidents of <paramref name="source"/> not yet resolved.</summary>
    public async Task<List<IncidentSnapshot>> UnresolvedAsync(string source, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync();
        var filter = Builders<BsonDocument>.Filter.Eq("source", source) & Builders<BsonDocument>.Filter.Ne("state", "resolved");
        var documents = await _incidents.Find(filter).ToListAsync(cancellationToken);
        return [.. documents.Select(IncidentDocument.Read)];
    }

    /// <summary>The incident with <paramref name="id"/>, or null.</summary>
    public async Task<IncidentSnapshot?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var document = await _incidents.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : IncidentDocument.Read(document);
    }

    /// <summary>Incidents, latest seen first.</summary>
    /// <param name="openOnly">Only unresolved ones.</param>
    /// <param name="source">Only this source, when given.</param>
    /// <param name="host">Only incidents this host took part in, when given.</param>
    /// <param name="since">Only incidents whose last line is at or after this time, when given.</param>
    /// <param name="limit">Most incidents.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="state">Only incidents in this state, when given.</param>
    /// <param name="until">Only incidents whose first line is at or before this time, when given.</param>
    /// <param name="skip">Incidents of the ordered result left out before the first returned.</param>
    public async Task<List<IncidentSnapshot>> ListAsync(
        bool openOnly, string? source, string? host, DateTime? since, int limit, CancellationToken cancellationToken,
        string? state = null, DateTime? until = null, int skip = 0)
    {
        await EnsureIndexesAsync();
        var filter = Filter(openOnly, source, host, state);
        var filters = Builders<BsonDocument>.Filter;
        if (since is { } from)
        {
            filter &= filters.Gte("last_seen", from.ToUniversalTime());
        }

        if (until is { } to)
        {
            filter &= filters.Lte("first_seen", to.ToUniversalTime());
        }

        var documents = await _incidents.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Descending("last_seen").Descending("_id"))
            .Skip(skip)
            .Limit(limit)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(IncidentDocument.Read)];
    }

    /// <summary>The sources with an incident not yet resolved, registered or not.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<List<string>> SourcesWithUnresolvedAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync();
        var sources = await _incidents.DistinctAsync<string>("source", Filter(openOnly: true, source: null, host: null, state: null),
            cancellationToken: cancellationToken);
        return await sources.ToListAsync(cancellationToken);
    }

    /// <summary>The source and hosts of every incident not yet resolved (two fields of each), for counting.</summary>
    public async Task<List<(string Source, IReadOnlyList<string> Hosts)>> OpenHostsAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync();
        var documents = await _incidents.Find(Filter(openOnly: true, source: null, host: null, state: null))
            .Project(Builders<BsonDocument>.Projection.Include("source").Include("hosts"))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => (d["source"].AsString, (IReadOnlyList<string>)[.. d["hosts"].AsBsonArray.Select(h => h.AsString)]))];
    }

    /// <summary>When the incidents matching the filters that opened in [<paramref name="from"/>, <paramref name="to"/>)
    /// opened (their first line), latest first, at most <paramref name="limit"/>; for a timeline.</summary>
    public async Task<List<DateTime>> FirstSeenAsync(
        bool openOnly, string? source, string? host, string? state, DateTime from, DateTime to, int limit, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync();
        var filters = Builders<BsonDocument>.Filter;
        var filter = Filter(openOnly, source, host, state)
                     & filters.Gte("first_seen", from.ToUniversalTime()) & filters.Lt("first_seen", to.ToUniversalTime());
        var documents = await _incidents.Find(filter)
            .Project(Builders<BsonDocument>.Projection.Include("first_seen").Exclude("_id"))
            .Sort(Builders<BsonDocument>.Sort.Descending("first_seen"))
            .Limit(limit)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d["first_seen"].ToUniversalTime())];
    }

    private static FilterDefinition<BsonDocument> Filter(bool openOnly, string? source, string? host, string? state)
    {
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Empty;
        if (openOnly)
        {
            filter &= filters.Ne("state", "resolved");
        }

        if (source is not null)
        {
            filter &= filters.Eq("source", source);
        }

        if (host is not null)
        {
            filter &= filters.AnyEq("hosts", host);
        }

        if (state is not null)
        {
            filter &= filters.Eq("state", state);
        }

        return filter;
    }

    /// <summary>Writes the incidents as they stand (the grain of their source is their only writer).</summary>
    public async Task SaveAsync(IEnumerable<IncidentSnapshot> incidents, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var writes = incidents
            .Select(i => new ReplaceOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("_id", i.Id), IncidentDocument.Build(i, now)) { IsUpsert = true })
            .ToList();
        if (writes.Count > 0)
        {
            await _incidents.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
    }

    /// <summary>Which of <paramref name="anomalyIds"/> were already counted, and in which incident.</summary>
    public async Task<Dictionary<string, string>> CountedAsync(IReadOnlyCollection<string> anomalyIds, CancellationToken cancellationToken)
    {
        if (anomalyIds.Count == 0)
        {
            return [];
        }

        var documents = await _lines.Find(Builders<BsonDocument>.Filter.In("_id", anomalyIds)).ToListAsync(cancellationToken);
        return documents.ToDictionary(d => d["_id"].AsString, d => d["incident"].AsString, StringComparer.Ordinal);
    }

    /// <summary>Records that each anomaly was counted in its incident; an anomaly recorded before keeps its first record.</summary>
    /// <param name="source">The anomalies' source.</param>
    /// <param name="incidentOf">Anomaly id to incident id.</param>
    /// <param name="at">When the anomalies' lines were written, per anomaly id (retention counts from it).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task RecordLinesAsync(
        string source, IReadOnlyDictionary<string, string> incidentOf, IReadOnlyDictionary<string, DateTime> at, CancellationToken cancellationToken)
    {
        if (incidentOf.Count == 0)
        {
            return;
        }

        // Inserted only where absent (an upsert that sets nothing on a match), so a record is never moved to another incident.
        var writes = incidentOf.Select(pair => new UpdateOneModel<BsonDocument>(
                Builders<BsonDocument>.Filter.Eq("_id", pair.Key),
                Builders<BsonDocument>.Update
                    .SetOnInsert("incident", pair.Value)
                    .SetOnInsert("source", source)
                    .SetOnInsert("at", new BsonDateTime(at[pair.Key])))
            { IsUpsert = true })
            .ToList();
        await _lines.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    /// <summary>The ids of the anomalies counted in <paramref name="incidentId"/>, oldest first, at most
    /// <paramref name="limit"/>.</summary>
    public async Task<List<string>> AnomalyIdsAsync(string incidentId, int limit, CancellationToken cancellationToken) =>
        (await _lines.Find(Builders<BsonDocument>.Filter.Eq("incident", incidentId))
            .Sort(Builders<BsonDocument>.Sort.Ascending("at"))
            .Limit(limit)
            .ToListAsync(cancellationToken))
        .Select(d => d["_id"].AsString)
        .ToList();

    /// <summary>How many anomalies are recorded as counted in <paramref name="incidentId"/>.</summary>
    public Task<long> CountLinesAsync(string incidentId, CancellationToken cancellationToken) =>
        _lines.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("incident", incidentId), cancellationToken: cancellationToken);

    private async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        await _incidents.Indexes.CreateManyAsync(
        [
            // lad incidents [--open] [--source]: newest first within a source and state.
            new CreateIndexModel<BsonDocument>(keys.Ascending("source").Ascending("state").Descending("last_seen"),
                new CreateIndexOptions { Name = "source_state_last_seen" }),
            // The open incidents, counted for the console's overview.
            new CreateIndexModel<BsonDocument>(keys.Ascending("state"), new CreateIndexOptions { Name = "state" }),
            // lad incidents --host, and the listing without filters.
            new CreateIndexModel<BsonDocument>(keys.Ascending("hosts").Descending("last_seen"), new CreateIndexOptions { Name = "hosts_last_seen" }),
            new CreateIndexModel<BsonDocument>(keys.Descending("last_seen"), new CreateIndexOptions { Name = "last_seen" }),
            new CreateIndexModel<BsonDocument>(keys.Descending("first_seen"), new CreateIndexOptions { Name = "first_seen" }),
        ], cancellationToken);
        await _lines.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(keys.Ascending("incident"), new CreateIndexOptions { Name = "incident" }),
            cancellationToken: cancellationToken);
        await TtlIndex.EnsureAsync(_incidents, "last_seen", _retention, cancellationToken);
        await TtlIndex.EnsureAsync(_lines, "at", _retention, cancellationToken);
    }
}
