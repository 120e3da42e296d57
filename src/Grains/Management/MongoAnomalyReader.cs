using Lad.Grains.Abstractions.Anomalies;
using Lad.Grains.Sink;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Management;

/// <summary>Reads anomalies back from the target collections written by <see cref="MongoAnomalySink"/>.</summary>
public sealed class MongoAnomalyReader
{
    private const string Lad = AnomalyDocument.LadField;
    private readonly IMongoDatabase _database;

    /// <summary>Creates the reader over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    public MongoAnomalyReader(IMongoDatabase targetDatabase) => _database = targetDatabase;

    /// <summary>The anomaly with <c>_id</c> <paramref name="id"/> in <paramref name="targetCollection"/>, or null.</summary>
    public async Task<AnomalySummary?> FindAsync(string targetCollection, string id, CancellationToken cancellationToken)
    {
        var document = await _database.GetCollection<BsonDocument>(targetCollection)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : ToSummary(document);
    }

    /// <summary>The newest anomalies of one target collection, newest first.</summary>
    /// <param name="targetCollection">The collection to read.</param>
    /// <param name="sourceCollection">Only lines from this input collection, when given.</param>
    /// <param name="hostname">Only this host's, when given.</param>
    /// <param name="since">Only ones detected at or after this time, when given.</param>
    /// <param name="limit">Most anomalies.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<List<AnomalySummary>> ReadAsync(
        string targetCollection, string? sourceCollection, string? hostname, DateTime? since, int limit, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Exists(Lad);
        if (sourceCollection is not null)
        {
            filter &= filters.Eq($"{Lad}.source_collection", sourceCollection);
        }

        if (hostname is not null)
        {
            filter &= filters.Eq($"{Lad}.hostname", hostname);
        }

        if (since is { } from)
        {
            filter &= filters.Gte($"{Lad}.detected_at", from.ToUniversalTime());
        }

        var documents = await _database.GetCollection<BsonDocument>(targetCollection).Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Descending($"{Lad}.detected_at").Descending("_id"))
            .Limit(limit)
            .ToListAsync(cancellationToken);
        return documents.Select(ToSummary).ToList();
    }

    private static AnomalySummary ToSummary(BsonDocument document)
    {
        var lad = document[Lad].AsBsonDocument;
        return new AnomalySummary(
            document["_id"].AsString,
            lad["source_collection"].AsString,
            lad["hostname"].AsString,
            lad["message"].AsString,
            lad["level"].IsBsonNull ? null : lad["level"].AsString,
            lad["score"].ToDouble(),
            lad["threshold"].ToDouble(),
            lad["template"].AsString,
            lad["reasons"].AsBsonArray.Select(r => r.AsString).ToList(),
            lad["template_training_count"].ToInt64(),
            lad["nearest_normal"].IsBsonNull ? null : lad["nearest_normal"].AsString,
            lad["model_version"].AsString,
            lad["detected_at"].ToUniversalTime());
    }
}
