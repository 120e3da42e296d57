using System.Collections.Concurrent;
using Lad.Grains.Mongo;
using Lad.Grains.Sink;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Retention;

/// <summary>The indexes of an anomaly collection (<c>MG_TARGET_COL</c>): what <c>lad anomalies</c> filters and sorts on,
/// and the retention expiry on <c>lad.detected_at</c>. Made once per collection and process; a failed attempt is made
/// again by the next call.</summary>
/// <param name="targetDatabase">The target database.</param>
/// <param name="retention">How long anomalies are kept (<c>RETENTION_DAYS</c>); null keeps them forever.</param>
public sealed class AnomalyIndexes(IMongoDatabase targetDatabase, TimeSpan? retention)
{
    private const string DetectedAt = $"{AnomalyDocument.LadField}.detected_at";
    private readonly ConcurrentDictionary<string, SetupOnce> _made = new(StringComparer.Ordinal);

    /// <summary>Makes sure <paramref name="targetCollection"/> has its indexes.</summary>
    public Task EnsureAsync(string targetCollection) =>
        _made.GetOrAdd(targetCollection, c => new SetupOnce(() => CreateAsync(c))).RunAsync();

    private async Task CreateAsync(string targetCollection)
    {
        var collection = targetDatabase.GetCollection<BsonDocument>(targetCollection);
        var keys = Builders<BsonDocument>.IndexKeys;
        await collection.Indexes.CreateManyAsync(
        [
            // lad anomalies: newest first, optionally since a time, per host or source.
            new CreateIndexModel<BsonDocument>(keys.Descending(DetectedAt), new CreateIndexOptions { Name = "detected_at" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending($"{AnomalyDocument.LadField}.hostname").Descending(DetectedAt),
                new CreateIndexOptions { Name = "hostname_detected_at" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending($"{AnomalyDocument.LadField}.source_collection").Descending(DetectedAt),
                new CreateIndexOptions { Name = "source_detected_at" }),
        ]);
        await TtlIndex.EnsureAsync(collection, DetectedAt, retention, CancellationToken.None);
    }
}
