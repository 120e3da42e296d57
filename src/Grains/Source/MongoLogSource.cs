using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Source;

/// <summary>Reads one host's log documents from a collection of <c>MG_INPUT_DB</c>: its training history and,
/// afterwards, what arrived since a checkpoint.</summary>
/// <remarks>Bad documents are counted per <see cref="SkipReason"/> and skipped, never thrown on; checkpoints still
/// move past them so one bad document cannot stall a host.
/// LAD does not create indexes on the input collections (they belong to the log store). Polling walks the
/// <c>_id</c> index forward from the checkpoint; training on a large store wants <c>{ &lt;host field&gt;: 1, _id: -1 }</c>
/// (or <c>{ &lt;host field&gt;: 1, &lt;time field&gt;: -1 }</c> with <c>MG_TIME_FIELD</c>), or it scans every host's
/// documents of the span.</remarks>
public sealed class MongoLogSource
{
    private readonly IMongoDatabase _database;
    private readonly MongoDocumentShape _shape;
    private readonly LogDocumentReader _reader;

    /// <summary>Creates a source over <paramref name="inputDatabase"/>.</summary>
    /// <param name="inputDatabase">The database holding the log collections (<c>MG_INPUT_DB</c>).</param>
    /// <param name="shape">Where documents keep message, host, level and time.</param>
    public MongoLogSource(IMongoDatabase inputDatabase, MongoDocumentShape shape)
    {
        _database = inputDatabase;
        _shape = shape;
        _reader = new LogDocumentReader(shape);
    }

    /// <summary>Reads the host's documents of the last <paramref name="span"/>: the newest
    /// <paramref name="maxEntries"/> of them, returned oldest first.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="span">How far back from <paramref name="now"/> to read (<c>TRAIN_TIME_SPAN</c>).</param>
    /// <param name="maxEntries">Most documents to read (<c>TRAIN_MAX_ENTRIES</c>).</param>
    /// <param name="now">The reference time (UTC).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TrainingSet> ReadTrainingSetAsync(
        string collection, string hostname, TimeSpan span, int maxEntries, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var cutoff = now.ToUniversalTime() - span;
        var filters = Builders<BsonDocument>.Filter;
        var sorts = Builders<BsonDocument>.Sort;
        var filter = filters.Eq(_shape.HostnameField, hostname) & (_shape.TimeField is { } timeField
            ? filters.Gte(timeField, cutoff)
            : filters.Gte("_id", EarliestIdAt(cutoff)));
        var sort = _shape.TimeField is { } field
            ? sorts.Descending(field).Descending("_id")
            : sorts.Descending("_id");

        var records = new List<SourcedRecord>();
        var skipped = new Dictionary<SkipReason, int>();
        ObjectId? newest = null;
        using var cursor = await Collection(collection).Find(filter).Sort(sort).Limit(maxEntries)
            .Project(Projection()).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                var reason = _reader.TryRead(document, out var id, out var time, out var record);
                if (reason is null)
                {
                    records.Add(new SourcedRecord(id, time, record!));
                }
                else
                {
                    skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
                }

                if (id != ObjectId.Empty && (newest is null || id > newest))
                {
                    newest = id;
                }
            }
        }

        records.Reverse();
        return new TrainingSet(records, newest, skipped);
    }

    /// <summary>Reads up to <paramref name="batchSize"/> of the host's documents with <c>_id</c> after
    /// <paramref name="checkpoint"/>, in ascending <c>_id</c> order.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="checkpoint">The last document already handled; <see cref="ObjectId.Empty"/> to start from the beginning.</param>
    /// <param name="batchSize">Most documents to read (<c>MG_POLL_BATCH_SIZE</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<PollBatch> PollAsync(
        string collection, string hostname, ObjectId checkpoint, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Eq(_shape.HostnameField, hostname) & filters.Gt("_id", checkpoint);
        var documents = await Collection(collection).Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Limit(batchSize).ToListAsync(cancellationToken);

        var records = new List<PolledRecord>(documents.Count);
        var skipped = new Dictionary<SkipReason, int>();
        var last = checkpoint;
        foreach (var document in documents)
        {
            var reason = _reader.TryRead(document, out var id, out _, out var record);
            if (reason is null)
            {
                records.Add(new PolledRecord(id, record!, document));
            }
            else
            {
                skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
            }

            // The filter only matches ObjectIds greater than the checkpoint, so each read id moves it forward.
            if (document.GetValue("_id", BsonNull.Value) is { IsObjectId: true } value && value.AsObjectId > last)
            {
                last = value.AsObjectId;
            }
        }

        return new PollBatch(records, last, documents.Count, skipped);
    }

    private IMongoCollection<BsonDocument> Collection(string name) => _database.GetCollection<BsonDocument>(name);

    // Training can read hundreds of thousands of documents: fetch only the fields a record needs.
    private ProjectionDefinition<BsonDocument, BsonDocument> Projection()
    {
        var projection = Builders<BsonDocument>.Projection.Include("_id").Include(_shape.MessageField).Include(_shape.HostnameField);
        if (_shape.LevelField is { } level)
        {
            projection = projection.Include(level);
        }

        return _shape.TimeField is { } time ? projection.Include(time) : projection;
    }

    // The smallest ObjectId created at `time`: its 4 leading bytes are the Unix seconds, the rest zero.
    private static ObjectId EarliestIdAt(DateTime time)
    {
        var seconds = Math.Max(0, (long)(time - DateTime.UnixEpoch).TotalSeconds);
        var bytes = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Math.Min(seconds, uint.MaxValue));
        return new ObjectId(bytes);
    }
}
