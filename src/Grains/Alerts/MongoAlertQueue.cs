using System.Security.Cryptography;
using Lad.Engine.Incidents;
using Lad.Grains.Incidents;
using Lad.Grains.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Alerts;

/// <summary>The durable delivery queue, <c>MG_TARGET_DB.lad_alert_queue</c>: one document per receiver and incident,
/// holding the incident's latest state, so a newer state supersedes a queued older one and a receiver hears of an
/// incident once per delivery.</summary>
/// <remarks>
/// A document is due while <c>pending</c> and its <c>next_attempt</c> has come, or when its <c>resend_at</c> has come
/// (Alertmanager's firing alerts). Each enqueue increments <c>version</c>; a delivery is marked done only if the version it
/// sent is still the stored one, so a change queued while a request was in flight is delivered next. A resolved
/// incident's document is deleted once its resolution is delivered: resolution is final.
/// </remarks>
public sealed class MongoAlertQueue
{
    /// <summary>The queue collection.</summary>
    public const string CollectionName = "lad_alert_queue";

    private readonly IMongoCollection<BsonDocument> _queue;
    private readonly TimeProvider _time;
    private readonly SetupOnce _indexes;

    /// <summary>Creates the queue in <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    public MongoAlertQueue(IMongoDatabase targetDatabase, TimeProvider? time = null)
    {
        _queue = targetDatabase.GetCollection<BsonDocument>(CollectionName);
        _time = time ?? TimeProvider.System;
        _indexes = new SetupOnce(CreateIndexesAsync);
    }

    /// <summary>Queues the latest state of each changed incident for every channel; a state an entry already holds is
    /// not queued again.</summary>
    /// <param name="changes">Stored incident changes, in order.</param>
    /// <param name="channels">The receivers' names.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <remarks>A write its caller gave up on may still land (its reply came too late), and the caller then queues the
    /// same changes again. Counted as a new version, that state would go out twice, under two delivery ids. So each entry
    /// keeps a hash of the state it holds and is updated only by a different one; the same state's upsert collides with
    /// the entry's id instead, which is the sign that it is already queued.</remarks>
    public async Task EnqueueAsync(IReadOnlyList<IncidentChange> changes, IReadOnlyList<string> channels, CancellationToken cancellationToken)
    {
        // The caller's bound holds while MongoDB is unreachable, too: index creation waits for server selection.
        await EnsureIndexesAsync().WaitAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        var filters = Builders<BsonDocument>.Filter;
        var update = Builders<BsonDocument>.Update;
        var writes = AlertCollapse.Latest(changes)
            .SelectMany(change =>
            {
                var hash = StateHash(change);
                var incident = IncidentDocument.Build(change.Incident, now);
                return channels.Select(channel => new UpdateOneModel<BsonDocument>(
                    filters.Eq("_id", EntryId(channel, change.Incident.Id)) & filters.Ne("state_hash", hash),
                    update.Set("channel", channel)
                        .Set("incident_id", change.Incident.Id)
                        .Set("incident", incident)
                        .Set("kind", change.Kind.ToString())
                        .Set("state_hash", hash)
                        .Set("pending", true)
                        .Set("updated_at", now)
                        .Inc("version", 1L)
                        .SetOnInsert("delivered_version", 0L)
                        .SetOnInsert("attempts", 0)
                        .SetOnInsert("next_attempt", now)) { IsUpsert = true });
            })
            .ToList();
        if (writes.Count == 0)
        {
            return;
        }

        try
        {
            await _queue.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Some entry already holds its state. MongoDB has applied the other writes, jongodb may have stopped at the
            // collision: one write at a time is the same on both, and a write already applied collides like the rest.
            foreach (var write in writes)
            {
                try
                {
                    await _queue.BulkWriteAsync([write], cancellationToken: cancellationToken);
                }
                catch (MongoException one) when (MongoErrors.IsDuplicateKey(one))
                {
                    // Already queued.
                }
            }
        }
    }

    // What a receiver is told of a change, without the time it was queued.
    private static string StateHash(IncidentChange change)
    {
        var document = IncidentDocument.Build(change.Incident, DateTime.UnixEpoch);
        document["kind"] = change.Kind.ToString();
        return Convert.ToHexString(SHA256.HashData(document.ToBson()), 0, 16);
    }

    /// <summary>The entries of <paramref name="channels"/> due now, longest waiting first (entries of a receiver no
    /// longer configured wait, in case it comes back).</summary>
    public async Task<List<AlertQueueEntry>> DueAsync(IReadOnlyCollection<string> channels, int limit, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync().WaitAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        var filters = Builders<BsonDocument>.Filter;
        var due = filters.In("channel", channels) & ((filters.Eq("pending", true) & filters.Lte("next_attempt", now)) | filters.Lte("resend_at", now));
        var documents = await _queue.Find(due).Sort(Builders<BsonDocument>.Sort.Ascending("next_attempt")).Limit(limit).ToListAsync(cancellationToken);
        return [.. documents.Select(Read)];
    }

    /// <summary>Every entry (for status and tests).</summary>
    public async Task<List<AlertQueueEntry>> AllAsync(CancellationToken cancellationToken) =>
        [.. (await _queue.Find(Builders<BsonDocument>.Filter.Empty).ToListAsync(cancellationToken)).Select(Read)];

    /// <summary>Records that the receiver accepted <paramref name="entry"/>'s version.</summary>
    /// <param name="entry">The delivered entry.</param>
    /// <param name="resendAfter">When the receiver must hear of the incident again while it is unresolved (Alertmanager), or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task DeliveredAsync(AlertQueueEntry entry, TimeSpan? resendAfter, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var now = _time.GetUtcNow().UtcDateTime;
        var sameVersion = filters.Eq("_id", entry.Id) & filters.Eq("version", entry.Version);
        if (entry.Incident.State == IncidentState.Resolved)
        {
            await _queue.DeleteOneAsync(sameVersion, cancellationToken);
            return;
        }

        var update = Builders<BsonDocument>.Update;
        var done = update.Set("delivered_version", entry.Version).Set("attempts", 0).Set("next_attempt", now).Set("delivered_at", now).Unset("last_error");
        done = resendAfter is { } resend && entry.Incident.State != IncidentState.Resolved ? done.Set("resend_at", now + resend) : done.Unset("resend_at");

        // A newer version queued while this one was in flight stays pending; only the version sent is done.
        var result = await _queue.UpdateOneAsync(sameVersion, done.Set("pending", false), cancellationToken: cancellationToken);
        if (result.MatchedCount == 0)
        {
            await _queue.UpdateOneAsync(filters.Eq("_id", entry.Id) & filters.Lt("delivered_version", entry.Version), done, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Records a failed attempt: the entry is due again after <paramref name="wait"/>.</summary>
    public Task FailedAsync(AlertQueueEntry entry, TimeSpan wait, string error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _queue.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", entry.Id),
            Builders<BsonDocument>.Update
                .Set("pending", true)
                .Set("attempts", entry.Attempts + 1)
                .Set("next_attempt", now + wait)
                .Set("last_error", error)
                .Unset("resend_at"),
            cancellationToken: cancellationToken);
    }

    /// <summary>Creates the indexes the due query needs: once per queue; a failed attempt is made again by the next call.</summary>
    public Task EnsureIndexesAsync() => _indexes.RunAsync();

    private Task CreateIndexesAsync()
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        return _queue.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(keys.Ascending("pending").Ascending("next_attempt"), new CreateIndexOptions { Name = "pending_next_attempt" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("resend_at"), new CreateIndexOptions { Name = "resend_at", Sparse = true }),
        ]);
    }

    private static string EntryId(string channel, string incidentId) => $"{channel}:{incidentId}";

    private static AlertQueueEntry Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["channel"].AsString,
        IncidentDocument.Read(document["incident"].AsBsonDocument),
        Enum.Parse<IncidentChangeKind>(document["kind"].AsString),
        document["version"].ToInt64(),
        document["delivered_version"].ToInt64(),
        document["attempts"].ToInt32());
}
