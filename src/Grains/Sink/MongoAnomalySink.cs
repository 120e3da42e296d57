using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Sink;

/// <summary>Writes anomalies into <c>MG_TARGET_DB.&lt;MG_TARGET_COL&gt;</c>, idempotently.</summary>
/// <remarks>Each anomaly's <c>_id</c> derives from its source document (<see cref="AnomalyDocument.IdFor"/>) and is
/// written by upsert, so replaying a batch after a crash or timeout refreshes rather than duplicates.</remarks>
public sealed class MongoAnomalySink
{
    private const int DuplicateKey = 11000;
    private readonly IMongoDatabase _database;

    /// <summary>Creates a sink over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    public MongoAnomalySink(IMongoDatabase targetDatabase) => _database = targetDatabase;

    /// <summary>Writes <paramref name="anomalies"/> that came from <paramref name="sourceCollection"/>.</summary>
    /// <param name="sourceCollection">The input collection the records were polled from.</param>
    /// <param name="targetCollection">The collection receiving them (<c>MG_TARGET_COL</c>).</param>
    /// <param name="anomalies">The anomalies; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string targetCollection, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken)
    {
        if (anomalies.Count == 0)
        {
            return new SinkWriteResult(0, 0);
        }

        var collection = _database.GetCollection<BsonDocument>(targetCollection);
        var writes = anomalies
            .Select(a => AnomalyDocument.Build(sourceCollection, a))
            .Select(d => new ReplaceOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("_id", d["_id"]), d) { IsUpsert = true })
            .ToList();
        try
        {
            return await UpsertAsync(collection, writes, cancellationToken);
        }
        catch (Exception e) when (IsDuplicateKey(e))
        {
            // Two writers upserted the same new _id at once and one lost the race; the document now exists,
            // so the same upserts run again as plain replacements.
            return await UpsertAsync(collection, writes, cancellationToken);
        }
    }

    private static async Task<SinkWriteResult> UpsertAsync(
        IMongoCollection<BsonDocument> collection, List<ReplaceOneModel<BsonDocument>> writes, CancellationToken cancellationToken)
    {
        var result = await collection.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        var inserted = result.Upserts.Count;
        return new SinkWriteResult(inserted, writes.Count - inserted);
    }

    // jongodb reports duplicates as a command error, MongoDB as a bulk write error: both carry code 11000.
    private static bool IsDuplicateKey(Exception e) => e switch
    {
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(w => w.Code == DuplicateKey),
        MongoServerException server => server is MongoCommandException { Code: DuplicateKey } || server.Message.Contains("E11000", StringComparison.Ordinal),
        _ => false,
    };
}
