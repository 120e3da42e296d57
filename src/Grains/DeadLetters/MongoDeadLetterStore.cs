using Lad.Grains.Mongo;
using Lad.Grains.Retention;
using Lad.Grains.Source;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace Lad.Grains.DeadLetters;

/// <summary>Keeps dead letters in <c>MG_TARGET_DB.lad_dead_letters</c>, one document per source document and reason.</summary>
/// <remarks>The <c>_id</c> derives from the source document and the reason and is written by upsert, so a batch replayed
/// after a crash refreshes its dead letters rather than duplicating them. The raw document is kept as canonical
/// extended JSON text: whatever its field names or size, that is a plain string MongoDB stores (cut at
/// <see cref="MaxRawCharacters"/>, with <c>raw_truncated</c> set). A store given the retention keeps dead letters expiring
/// under <c>RETENTION_DAYS</c> after <c>at</c>, as anomalies do after their detection: each holds a copy of a source
/// document, up to 1 Mi characters, and a kind of document the sink keeps refusing would otherwise grow the collection
/// for as long as the silo runs.</remarks>
public sealed class MongoDeadLetterStore
{
    /// <summary>The collection in <c>MG_TARGET_DB</c>.</summary>
    public const string CollectionName = "lad_dead_letters";

    /// <summary>Longest raw document text kept (1 Mi characters).</summary>
    public const int MaxRawCharacters = 1 << 20;

    private static readonly JsonWriterSettings Canonical = new() { OutputMode = JsonOutputMode.CanonicalExtendedJson };

    private readonly IMongoCollection<BsonDocument> _collection;

    // Null for a store that leaves the collection's expiry as it finds it.
    private readonly SetupOnce? _expiry;

    /// <summary>A store over <c>MG_TARGET_DB.lad_dead_letters</c> that leaves the collection's expiry as it finds it.</summary>
    /// <param name="targetDatabase">The target database.</param>
    public MongoDeadLetterStore(IMongoDatabase targetDatabase)
        : this(targetDatabase, null, keepsExpiry: false)
    {
    }

    /// <summary>A store that makes dead letters expire <paramref name="retention"/> after they were set aside (null keeps
    /// them), at <see cref="EnsureRetentionAsync"/> or before its first write.</summary>
    /// <param name="targetDatabase">The target database.</param>
    /// <param name="retention"><c>RETENTION_DAYS</c>.</param>
    public MongoDeadLetterStore(IMongoDatabase targetDatabase, TimeSpan? retention)
        : this(targetDatabase, retention, keepsExpiry: true)
    {
    }

    private MongoDeadLetterStore(IMongoDatabase targetDatabase, TimeSpan? retention, bool keepsExpiry)
    {
        _collection = targetDatabase.GetCollection<BsonDocument>(CollectionName);
        _expiry = keepsExpiry ? new SetupOnce(() => TtlIndex.EnsureAsync(_collection, "at", retention, CancellationToken.None)) : null;
    }

    /// <summary>The dead letter's <c>_id</c>.</summary>
    /// <param name="letter">The dead letter.</param>
    public static string IdFor(DeadLetter letter) =>
        $"{letter.SourceCollection}:{SourceIds.Text(letter.SourceId)}:{DeadLetterLabels.Of(letter.Reason)}";

    /// <summary>Puts the expiry of a store given the retention in place: once per instance, later calls wait for that; a
    /// failed attempt (MongoDB unreachable) is made again by the next call. A store without the retention does nothing.</summary>
    public Task EnsureRetentionAsync() => _expiry?.RunAsync() ?? Task.CompletedTask;

    /// <summary>Stores <paramref name="letters"/>, noted at <paramref name="at"/>.</summary>
    /// <param name="letters">The dead letters; may be empty.</param>
    /// <param name="at">When they were set aside (UTC).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(IReadOnlyCollection<DeadLetter> letters, DateTime at, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        await EnsureRetentionAsync();
        var writes = letters.Select(l => Build(l, at))
            .Select(d => new ReplaceOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("_id", d["_id"]), d) { IsUpsert = true })
            .ToList();
        await _collection.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    /// <summary>The stored form of <paramref name="letter"/>.</summary>
    /// <param name="letter">The dead letter.</param>
    /// <param name="at">When it was set aside (UTC).</param>
    public static BsonDocument Build(DeadLetter letter, DateTime at)
    {
        var raw = letter.Raw.ToJson(Canonical);
        var truncated = raw.Length > MaxRawCharacters;
        return new BsonDocument
        {
            ["_id"] = IdFor(letter),
            ["source_collection"] = letter.SourceCollection,
            ["hostname"] = letter.Host,
            ["source_id"] = letter.SourceId,
            ["reason"] = DeadLetterLabels.Of(letter.Reason),
            ["detail"] = letter.Detail,
            ["at"] = new BsonDateTime(at.ToUniversalTime()),
            ["raw"] = truncated ? raw[..MaxRawCharacters] : raw,
            ["raw_truncated"] = truncated,
        };
    }
}
