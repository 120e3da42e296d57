using Lad.Grains.DeadLetters;
using Lad.Grains.Retention;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Sink;

/// <summary>Writes anomalies into <c>MG_TARGET_DB.&lt;MG_TARGET_COL&gt;</c>, idempotently, setting aside the ones that cannot be written.</summary>
/// <remarks>Each anomaly's <c>_id</c> derives from its source document (<see cref="AnomalyDocument.IdFor"/>) and is
/// written by upsert, so replaying a batch after a crash or timeout refreshes rather than duplicates. A document that
/// fails on its own account (<see cref="WriteFailures.PoisonReason"/>: not serialisable, too large, refused by the
/// server) goes to the dead letters and the rest are written; any other failure throws, so the caller retries the
/// whole batch from its checkpoint.</remarks>
public sealed class MongoAnomalySink : IAnomalySink
{
    /// <summary>MongoDB's limit on one document (16 MiB).</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    private readonly IMongoDatabase _database;
    private readonly MongoDeadLetterStore _deadLetters;
    private readonly TimeProvider _time;
    private readonly AnomalyIndexes? _indexes;
    private readonly HourlyAnomalyCounts? _hourly;

    /// <summary>Creates a sink over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>), whose dead letters go to
    /// <see cref="MongoDeadLetterStore.CollectionName"/> there.</summary>
    /// <param name="targetDatabase">The target database.</param>
    /// <param name="time">Dates the dead letters; the system clock when null.</param>
    /// <param name="indexes">Gives each target collection its indexes before the first write there; none when null.</param>
    /// <param name="hourly">Counted again for the hosts and hours each write touched; none when null.</param>
    /// <param name="deadLetters">Where the anomalies that cannot be written go; a store over the target database that
    /// leaves their expiry alone when null.</param>
    public MongoAnomalySink(
        IMongoDatabase targetDatabase, TimeProvider? time = null, AnomalyIndexes? indexes = null, HourlyAnomalyCounts? hourly = null,
        MongoDeadLetterStore? deadLetters = null)
    {
        _database = targetDatabase;
        _deadLetters = deadLetters ?? new MongoDeadLetterStore(targetDatabase);
        _time = time ?? TimeProvider.System;
        _indexes = indexes;
        _hourly = hourly;
    }

    /// <summary>Writes <paramref name="anomalies"/> that came from <paramref name="sourceCollection"/>.</summary>
    /// <param name="sourceCollection">The input collection the records were polled from.</param>
    /// <param name="target">The collection receiving them (<c>MG_TARGET_COL</c>).</param>
    /// <param name="anomalies">The anomalies; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="MongoException">A failure not caused by one document (connection, timeout, primary lost): nothing
    /// was dead-lettered and the whole batch must be retried.</exception>
    public async Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string target, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken)
    {
        if (anomalies.Count == 0)
        {
            return SinkWriteResult.Empty;
        }

        if (_indexes is not null)
        {
            await _indexes.EnsureAsync(target);
        }

        var collection = _database.GetCollection<BsonDocument>(target);
        var poison = new List<DeadLetter>();
        var writes = new List<(DetectedAnomaly Anomaly, ReplaceOneModel<BsonDocument> Write)>();
        foreach (var anomaly in anomalies)
        {
            var document = AnomalyDocument.Build(sourceCollection, anomaly);
            var size = SizeOf(document, out var serializationError);
            if (serializationError is not null)
            {
                poison.Add(Letter(sourceCollection, anomaly, DeadLetterReason.NotSerializable, serializationError.Message));
            }
            else if (size > MaxDocumentBytes)
            {
                poison.Add(Letter(sourceCollection, anomaly, DeadLetterReason.TooLarge,
                    $"anomaly document is {size} bytes, over MongoDB's limit of {MaxDocumentBytes}"));
            }
            else
            {
                writes.Add((anomaly, new ReplaceOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("_id", document["_id"]), document) { IsUpsert = true }));
            }
        }

        // The hours documents of this batch were in before a replay replaced them lose them: they are counted again too.
        var replacedHours = _hourly is null || writes.Count == 0
            ? []
            : await HoursOfAsync(collection, [.. writes.Select(w => w.Write.Replacement["_id"])], cancellationToken);
        var (inserted, present) = await WriteAllAsync(sourceCollection, collection, writes, poison, cancellationToken);
        if (_hourly is not null)
        {
            await _hourly.RecountAsync(target, sourceCollection,
                writes.Select(w => (w.Anomaly.Source.Record.Host, w.Anomaly.DetectedAt)).Concat(replacedHours), cancellationToken);
        }

        // Dead letters are stored before the caller moves its checkpoint past them; if this write fails, the batch is retried.
        await _deadLetters.WriteAsync(poison, _time.GetUtcNow().UtcDateTime, cancellationToken);
        return new SinkWriteResult(inserted, present, poison);
    }

    private static async Task<(int Inserted, int Present)> WriteAllAsync(
        string sourceCollection,
        IMongoCollection<BsonDocument> collection,
        List<(DetectedAnomaly Anomaly, ReplaceOneModel<BsonDocument> Write)> writes,
        List<DeadLetter> poison,
        CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return (0, 0);
        }

        try
        {
            return await UpsertAsync(collection, [.. writes.Select(w => w.Write)], cancellationToken);
        }
        catch (Exception e) when (WriteFailures.PoisonReason(e) is not null)
        {
            // One or more documents are refused: write them one by one to tell which (the good ones' upserts repeat harmlessly).
            var inserted = 0;
            var present = 0;
            foreach (var (anomaly, write) in writes)
            {
                try
                {
                    var (i, p) = await UpsertAsync(collection, [write], cancellationToken);
                    inserted += i;
                    present += p;
                }
                catch (Exception one) when (WriteFailures.PoisonReason(one) is { } reason)
                {
                    poison.Add(Letter(sourceCollection, anomaly, reason, one.Message));
                }
            }

            return (inserted, present);
        }
    }

    private static async Task<(int Inserted, int Present)> UpsertAsync(
        IMongoCollection<BsonDocument> collection, List<ReplaceOneModel<BsonDocument>> writes, CancellationToken cancellationToken)
    {
        try
        {
            return await BulkUpsertAsync(collection, writes, cancellationToken);
        }
        catch (Exception e) when (WriteFailures.IsDuplicateKey(e))
        {
            // Two writers upserted the same new _id at once and one lost the race; the document now exists,
            // so the same upserts run again as plain replacements.
            return await BulkUpsertAsync(collection, writes, cancellationToken);
        }
    }

    private static async Task<(int Inserted, int Present)> BulkUpsertAsync(
        IMongoCollection<BsonDocument> collection, List<ReplaceOneModel<BsonDocument>> writes, CancellationToken cancellationToken)
    {
        var result = await collection.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        var inserted = result.Upserts.Count;
        return (inserted, writes.Count - inserted);
    }

    private static async Task<List<(string Host, DateTime Hour)>> HoursOfAsync(
        IMongoCollection<BsonDocument> collection, List<BsonValue> ids, CancellationToken cancellationToken)
    {
        var documents = await collection.Find(Builders<BsonDocument>.Filter.In("_id", ids))
            .Project(Builders<BsonDocument>.Projection.Include($"{AnomalyDocument.LadField}.hostname").Include($"{AnomalyDocument.LadField}.detected_at"))
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => d[AnomalyDocument.LadField].AsBsonDocument)
            .Select(l => (l["hostname"].AsString, l["detected_at"].ToUniversalTime()))];
    }

    private static long SizeOf(BsonDocument document, out Exception? error)
    {
        try
        {
            error = null;
            return document.ToBson().LongLength;
        }
        catch (Exception e) when (e is BsonException or FormatException or ArgumentException)
        {
            error = e;
            return 0;
        }
    }

    private static DeadLetter Letter(string sourceCollection, DetectedAnomaly anomaly, DeadLetterReason reason, string detail) =>
        new(sourceCollection, anomaly.Source.Record.Host, anomaly.Source.Id, reason, detail, anomaly.Source.Document);
}
