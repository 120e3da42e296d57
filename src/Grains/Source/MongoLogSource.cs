using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Source;

/// <summary>Reads one host's log documents from a collection of <c>MG_INPUT_DB</c>: its training history up to a
/// boundary and, afterwards, what a <see cref="ReadingWindow"/> has not handled yet.</summary>
/// <remarks>Bad documents are counted per <see cref="SkipReason"/> and skipped, never thrown on; they count as handled
/// so one bad document cannot stall a host.
/// LAD does not create indexes on the input collections (they belong to the log store). Polling and training on a
/// large store want <c>{ &lt;host field&gt;: 1, _id: 1 }</c> (training with <c>MG_TIME_FIELD</c> also
/// <c>{ &lt;host field&gt;: 1, &lt;time field&gt;: -1 }</c>), or they scan every host's documents.</remarks>
public sealed class MongoLogSource : ILogSource
{
    /// <summary>How many documents a training read asks for per batch.</summary>
    public const int TrainingBatchSize = 2000;

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

    /// <summary>Reads the host's documents of the last <paramref name="span"/> up to <paramref name="boundary"/>: the
    /// newest <paramref name="maxEntries"/> of them, each usable one handed to <paramref name="record"/> newest first, as
    /// the cursor reads it.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="span">How far back from <paramref name="now"/> to read (<c>TRAIN_TIME_SPAN</c>).</param>
    /// <param name="maxEntries">Most documents to read (<c>TRAIN_MAX_ENTRIES</c>).</param>
    /// <param name="now">The reference time (UTC).</param>
    /// <param name="boundary">The training boundary: only ids at or below it are read; polling scores the rest.</param>
    /// <param name="windowFloor">Ids read above it are returned in <see cref="TrainingRead.IdsAbove"/> (documents
    /// without an ObjectId id dated after its time in <see cref="TrainingRead.TimedAbove"/>), so the first poll's
    /// look-back does not score what training read.</param>
    /// <param name="record">Takes each usable record, newest first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TrainingRead> ReadTrainingSetAsync(
        string collection, string hostname, TimeSpan span, int maxEntries, DateTime now, ObjectId boundary, ObjectId windowFloor,
        Action<SourcedRecord> record, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentNullException.ThrowIfNull(record);
        var cutoff = now.ToUniversalTime() - span;
        var filters = Builders<BsonDocument>.Filter;
        var sorts = Builders<BsonDocument>.Sort;
        // Documents without an ObjectId id are placed by their time alone: those dated before the boundary's second
        // are history, the rest are polled.
        var filter = filters.Eq(_shape.HostnameField, hostname) & (_shape.TimeField is { } timeField
            ? filters.Gte(timeField, cutoff)
                & (filters.Lte("_id", boundary) | (Unorderable() & filters.Lt(timeField, boundary.CreationTime)))
            : filters.Lte("_id", boundary) & filters.Gt("_id", ObjectIdTime.EarliestAt(cutoff)));
        var sort = _shape.TimeField is { } field
            ? sorts.Descending(field).Descending("_id")
            : sorts.Descending("_id");

        var skipped = new Dictionary<SkipReason, int>();
        var above = new List<ObjectId>();
        var timedAbove = new List<KeyValuePair<string, DateTime>>();
        // Batches of a bounded count: the driver decodes a whole batch at once, and MongoDB's own limit (16 MB of
        // BSON) is a whole history of short lines.
        using var cursor = await Collection(collection).Find(filter, new FindOptions { BatchSize = TrainingBatchSize }).Sort(sort)
            .Limit(maxEntries).Project(Projection()).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                var reason = _reader.TryRead(document, out var id, out var time, out var usable);
                if (reason is null)
                {
                    record(new SourcedRecord(id, time, usable!));
                }
                else
                {
                    skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
                }

                if (document.GetValue("_id", BsonNull.Value) is { IsObjectId: true } value)
                {
                    if (value.AsObjectId > windowFloor)
                    {
                        above.Add(value.AsObjectId);
                    }
                }
                else if (reason != SkipReason.IdNotObjectId && time > windowFloor.CreationTime)
                {
                    timedAbove.Add(new(SourceIds.Text(id), time));
                }
            }
        }

        return new TrainingRead(above, timedAbove, skipped);
    }

    /// <summary>Reads up to <paramref name="batchSize"/> of the host's documents above the window's floor that the
    /// window has not handled yet, in ascending <c>_id</c> order.</summary>
    /// <remarks>Two queries: the ids above the floor (covered by an index on <c>{ &lt;host field&gt;: 1, _id: 1 }</c>),
    /// then the unhandled documents among them by <c>_id</c>, so the look-back costs an id scan, not a document read.</remarks>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="window">Which ids are already handled.</param>
    /// <param name="batchSize">Most documents to read (<c>MG_POLL_BATCH_SIZE</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<PollBatch> PollAsync(
        string collection, string hostname, ReadingWindow window, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var filters = Builders<BsonDocument>.Filter;
        var hostFilter = filters.Eq(_shape.HostnameField, hostname);
        var pending = new List<ObjectId>();
        var options = new FindOptions<BsonDocument, BsonDocument>
        {
            Sort = Builders<BsonDocument>.Sort.Ascending("_id"),
            Projection = Builders<BsonDocument>.Projection.Include("_id"),
            BatchSize = Math.Max(batchSize, 1000),
        };
        using (var ids = await Collection(collection).FindAsync(hostFilter & filters.Gt("_id", window.Floor), options, cancellationToken))
        {
            while (pending.Count < batchSize && await ids.MoveNextAsync(cancellationToken))
            {
                foreach (var document in ids.Current)
                {
                    var id = document["_id"].AsObjectId;
                    if (!window.Handled(id))
                    {
                        pending.Add(id);
                        if (pending.Count == batchSize)
                        {
                            break;
                        }
                    }
                }
            }
        }

        if (pending.Count == 0)
        {
            return new PollBatch([], [], new Dictionary<SkipReason, int>());
        }

        var documents = await Collection(collection).Find(hostFilter & filters.In("_id", pending))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).ToListAsync(cancellationToken);
        var records = new List<PolledRecord>(documents.Count);
        var skipped = new Dictionary<SkipReason, int>();
        foreach (var document in documents)
        {
            var reason = _reader.TryRead(document, out var id, out var time, out var record);
            if (reason is null)
            {
                records.Add(new PolledRecord(id, record!, document, time));
            }
            else
            {
                skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
            }
        }

        // A document deleted between the two queries is gone for good: it counts as handled, not as waiting.
        return new PollBatch(records, pending, skipped);
    }

    /// <summary>Reads up to <paramref name="batchSize"/> of the host's documents whose <c>_id</c> is not an ObjectId,
    /// dated (by <c>MG_TIME_FIELD</c>) after the window's floor and not handled yet, oldest first.</summary>
    /// <remarks>Such documents are rare (most writers let the driver make ObjectIds), so the look-back is re-read whole
    /// rather than id-scanned. An index on <c>{ &lt;host field&gt;: 1, &lt;time field&gt;: 1 }</c> serves the query.</remarks>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="window">Which of them are already handled.</param>
    /// <param name="batchSize">Most documents to read (<c>MG_POLL_BATCH_SIZE</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TimedBatch> PollTimedAsync(
        string collection, string hostname, TimedWindow window, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var timeField = _shape.TimeField ?? throw new InvalidOperationException("documents without ObjectId ids are read by MG_TIME_FIELD, which is not set");
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Eq(_shape.HostnameField, hostname) & Unorderable() & filters.Gt(timeField, window.Floor);
        var sort = Builders<BsonDocument>.Sort.Ascending(timeField).Ascending("_id");
        var records = new List<PolledRecord>();
        var read = new List<KeyValuePair<string, DateTime>>();
        var skipped = new Dictionary<SkipReason, int>();
        using var cursor = await Collection(collection).Find(filter).Sort(sort).ToCursorAsync(cancellationToken);
        while (read.Count < batchSize && await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                var reason = _reader.TryRead(document, out var id, out var time, out var record);
                var key = SourceIds.Text(id);
                if (window.Handled(key, time))
                {
                    continue;
                }

                read.Add(new(key, time));
                if (reason is null)
                {
                    records.Add(new PolledRecord(id, record!, document, time));
                }
                else
                {
                    skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
                }

                if (read.Count == batchSize)
                {
                    break;
                }
            }
        }

        return new TimedBatch(records, read, skipped);
    }

    /// <summary>Counts the host's documents that nothing places in a reading order: an <c>_id</c> that is not an
    /// ObjectId and no date in <c>MG_TIME_FIELD</c> (or that field unset). They are reported as skipped rather than
    /// left unseen.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count and one such <c>_id</c> as an example (null when there are none).</returns>
    public async Task<(long Count, BsonValue? Example)> CountUnorderableAsync(string collection, string hostname, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Eq(_shape.HostnameField, hostname) & Unorderable();
        if (_shape.TimeField is { } timeField)
        {
            filter &= filters.Not(filters.Type(timeField, "date"));
        }

        var count = await Collection(collection).CountDocumentsAsync(filter, cancellationToken: cancellationToken);
        if (count == 0)
        {
            return (0, null);
        }

        var example = await Collection(collection).Find(filter).Project(Builders<BsonDocument>.Projection.Include("_id"))
            .FirstOrDefaultAsync(cancellationToken);
        return (count, example?["_id"]);
    }

    // By alias rather than type number: jongodb knows only the aliases.
    private static FilterDefinition<BsonDocument> Unorderable() =>
        Builders<BsonDocument>.Filter.Not(Builders<BsonDocument>.Filter.Type("_id", "objectId"));

    private IMongoCollection<BsonDocument> Collection(string name) => _database.GetCollection<BsonDocument>(name);

    // Training can read hundreds of thousands of documents: fetch only the fields a record needs.
    private ProjectionDefinition<BsonDocument, BsonDocument> Projection()
    {
        var projection = Builders<BsonDocument>.Projection.Include("_id").Include(_shape.MessageField).Include(_shape.HostnameField);
        if (_shape.LevelField is { } level)
        {
            projection = projection.Include(level);
        }

        if (_shape.ProgramField is { } program)
        {
            projection = projection.Include(program);
        }

        return _shape.TimeField is { } time ? projection.Include(time) : projection;
    }
}
