using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Management;

/// <summary>Human feedback in <c>MG_TARGET_DB.lad_feedback</c>, one document per feedback.</summary>
public sealed class MongoFeedbackStore
{
    /// <summary>The collection holding the feedback.</summary>
    public const string CollectionName = "lad_feedback";

    private readonly IMongoCollection<BsonDocument> _collection;

    /// <summary>Creates the store over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    public MongoFeedbackStore(IMongoDatabase targetDatabase) => _collection = targetDatabase.GetCollection<BsonDocument>(CollectionName);

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

        var find = _collection.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("at").Descending("_id"));
        if (limit > 0)
        {
            find = find.Limit(limit);
        }

        return (await find.ToListAsync(cancellationToken)).Select(FromDocument).ToList();
    }

    /// <summary>Every false positive of <paramref name="host"/>.</summary>
    public Task<List<FeedbackRecord>> FalsePositivesAsync(HostKey host, CancellationToken cancellationToken) =>
        ListAsync(host.Collection, host.Hostname, FeedbackVerdict.FalsePositive, 0, cancellationToken);

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
        ["scope"] = f.Scope == FeedbackScope.Line ? "line" : "template",
        ["user"] = f.User,
        ["at"] = new BsonDateTime(f.At.ToUniversalTime()),
        ["note"] = f.Note is { } note ? note : BsonNull.Value,
        ["anomaly_id"] = f.AnomalyId is { } id ? id : BsonNull.Value,
    };

    private static FeedbackRecord FromDocument(BsonDocument d) => new(
        d["_id"].AsString,
        new HostKey(d["collection"].AsString, d["hostname"].AsString),
        d["message"].AsString,
        d["template"].IsBsonNull ? null : d["template"].AsString,
        d["verdict"].AsString == "false_positive" ? FeedbackVerdict.FalsePositive : FeedbackVerdict.TruePositive,
        d["scope"].AsString == "line" ? FeedbackScope.Line : FeedbackScope.Template,
        d["user"].AsString,
        d["at"].ToUniversalTime(),
        d["note"].IsBsonNull ? null : d["note"].AsString,
        d["anomaly_id"].IsBsonNull ? null : d["anomaly_id"].AsString);
}
