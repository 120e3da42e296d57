using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Management;

/// <summary>Human feedback in <c>MG_TARGET_DB.lad_feedback</c>, one document per feedback.</summary>
public sealed class MongoFeedbackStore
{
    /// <summary>The collection holding the feedback.</summary>
    public const string CollectionName = "lad_feedback";

    /// <summary>The index of one host's feedback of one verdict, newest first: what every host reads when it starts and
    /// when it trains.</summary>
    public const string HostIndexName = "collection_hostname_verdict_at";

    /// <summary>The index of all feedback, newest first (<c>lad feedback list</c>).</summary>
    public const string AtIndexName = "at";

    private readonly IMongoCollection<BsonDocument> _collection;
    private readonly SetupOnce _indexes;

    /// <summary>Creates the store over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    public MongoFeedbackStore(IMongoDatabase targetDatabase)
    {
        _collection = targetDatabase.GetCollection<BsonDocument>(CollectionName);
        _indexes = new SetupOnce(CreateIndexesAsync);
    }

    /// <summary>Creates the indexes the store's queries use: once per instance, later calls wait for that; a failed
    /// attempt (MongoDB unreachable) is made again by the next call. Feedback has no expiry: it is people's word on
    /// what is normal, kept until they undo it.</summary>
    public Task EnsureIndexesAsync() => _indexes.RunAsync();

    private Task CreateIndexesAsync()
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        // Without them every host's start and training scanned the whole collection, which only grows.
        return _collection.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(
                keys.Ascending("collection").Ascending("hostname").Ascending("verdict").Descending("at").Descending("_id"),
                new CreateIndexOptions { Name = HostIndexName }),
            new CreateIndexModel<BsonDocument>(keys.Descending("at").Descending("_id"), new CreateIndexOptions { Name = AtIndexName }),
        ]);
    }

    /// <summary>Stores <paramref name="feedback"/>.</summary>
    public Task InsertAsync(FeedbackRecord feedback, CancellationToken cancellationToken) =>
        _collection.InsertOneAsync(ToDocument(feedback), cancellationToken: cancellationToken);

    /// <summary>Stored feedback, newest first.</summary>
    /// <param name="host">Only this host's, when given.</param>
    /// <param name="collection">Only this input collection's, when given.</param>
    /// <param name="verdict">Only this verdict, when given.</param>
    /// <param name="limit">Most records; 0 for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<List<FeedbackRecord>> ListAsync(
        string? collection, string? host, FeedbackVerdict? verdict, int limit, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Empty;
        if (collection is not null)
        {
            filter &= filters.Eq("collection", collection);
        }

        if (host is not null)
        {
            filter &= filters.Eq("hostname", host);
        }

        if (verdict is { } v)
        {
            filter &= filters.Eq("verdict", VerdictName(v));
        }

        // Made before the first read where the silo's start could not make them; a read never fails for want of them.
        await EnsureIndexesAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var find = _collection.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("at").Descending("_id"));
        if (limit > 0)
        {
            find = find.Limit(limit);
        }

        return (await find.ToListAsync(cancellationToken)).Select(FromDocument).ToList();
    }

    /// <summary>The false positives of <paramref name="host"/> that stand at <paramref name="utcNow"/> (neither undone
    /// nor expired): what its detector suppresses and its training learns as normal.</summary>
    public async Task<List<FeedbackRecord>> FalsePositivesAsync(HostKey host, DateTime utcNow, CancellationToken cancellationToken) =>
        (await ListAsync(host.Collection, host.Hostname, FeedbackVerdict.FalsePositive, 0, cancellationToken))
            .Where(f => f.StandsAt(utcNow)).ToList();

    /// <summary>The feedback with id <paramref name="id"/>, or null.</summary>
    public async Task<FeedbackRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        await _collection.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken) is { } document
            ? FromDocument(document)
            : null;

    /// <summary>Marks feedback undone unless it is already; returns the undone record, or null when no standing
    /// feedback has that id.</summary>
    public async Task<FeedbackRecord?> MarkUndoneAsync(string id, DateTime at, string by, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var updated = await _collection.FindOneAndUpdateAsync(
            filters.Eq("_id", id) & filters.Eq("undone_at", BsonNull.Value),
            Builders<BsonDocument>.Update.Set("undone_at", new BsonDateTime(at.ToUniversalTime())).Set("undone_by", by),
            new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        return updated is null ? null : FromDocument(updated);
    }

    /// <summary>Every true positive of <paramref name="host"/>: lines people confirmed anomalous.</summary>
    public Task<List<FeedbackRecord>> TruePositivesAsync(HostKey host, CancellationToken cancellationToken) =>
        ListAsync(host.Collection, host.Hostname, FeedbackVerdict.TruePositive, 0, cancellationToken);

    /// <summary>The stored name of a verdict (also the HTTP API's).</summary>
    public static string VerdictName(FeedbackVerdict verdict) =>
        verdict == FeedbackVerdict.FalsePositive ? "false_positive" : "true_positive";

    private static BsonDocument ToDocument(FeedbackRecord f) => new()
    {
        ["_id"] = f.Id,
        ["collection"] = f.Host.Collection,
        ["hostname"] = f.Host.Hostname,
        ["message"] = f.Message,
        ["template"] = f.Template is { } template ? template : BsonNull.Value,
        ["verdict"] = VerdictName(f.Verdict),
        ["scope"] = FeedbackScopeText.Name(f.Scope),
        ["user"] = f.User,
        ["at"] = new BsonDateTime(f.At.ToUniversalTime()),
        ["note"] = f.Note is { } note ? note : BsonNull.Value,
        ["anomaly_id"] = f.AnomalyId is { } id ? id : BsonNull.Value,
        ["expires_at"] = f.ExpiresAt is { } expires ? new BsonDateTime(expires.ToUniversalTime()) : BsonNull.Value,
        ["by"] = f.By is { } by ? by : BsonNull.Value,
        ["from"] = f.From is { } from ? from : BsonNull.Value,
        ["undone_at"] = f.UndoneAt is { } undone ? new BsonDateTime(undone.ToUniversalTime()) : BsonNull.Value,
        ["undone_by"] = f.UndoneBy is { } undoneBy ? undoneBy : BsonNull.Value,
        ["parameter"] = f.Parameter is { } parameter ? parameter : BsonNull.Value,
        ["value"] = f.Value is { } value ? value : BsonNull.Value,
    };

    private static FeedbackRecord FromDocument(BsonDocument d) => new(
        d["_id"].AsString,
        new HostKey(d["collection"].AsString, d["hostname"].AsString),
        d["message"].AsString,
        d["template"].IsBsonNull ? null : d["template"].AsString,
        d["verdict"].AsString == "false_positive" ? FeedbackVerdict.FalsePositive : FeedbackVerdict.TruePositive,
        FeedbackScopeText.Parse(d["scope"].AsString, $"lad_feedback {d["_id"]}: scope"),
        d["user"].AsString,
        d["at"].ToUniversalTime(),
        d["note"].IsBsonNull ? null : d["note"].AsString,
        d["anomaly_id"].IsBsonNull ? null : d["anomaly_id"].AsString,
        OptionalTime(d, "expires_at"),
        OptionalText(d, "by"),
        OptionalText(d, "from"),
        OptionalTime(d, "undone_at"),
        OptionalText(d, "undone_by"),
        d.TryGetValue("parameter", out var parameter) && parameter.IsInt32 ? parameter.AsInt32 : null,
        OptionalText(d, "value"));

    // Feedback stored before the audit fields existed has none of them.
    private static string? OptionalText(BsonDocument d, string name) =>
        d.TryGetValue(name, out var value) && !value.IsBsonNull ? value.AsString : null;

    private static DateTime? OptionalTime(BsonDocument d, string name) =>
        d.TryGetValue(name, out var value) && !value.IsBsonNull ? value.ToUniversalTime() : null;
}
