using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Source;

/// <summary>Reads the documents inserted for one host from a collection's change stream, where MongoDB offers one
/// (replica sets, sharded clusters, Atlas).</summary>
/// <remarks>A change stream delivers inserts in commit order whatever their <c>_id</c>s, so a writer that buffers for
/// hours or runs on a wrong clock loses nothing, which polling's look-back cannot promise. Each read opens the stream
/// at the host's stored position, takes what is there (waiting at most <see cref="MaxAwait"/>) and closes it: a host
/// holds no cursor between polls, and its position is stored with its progress only after the batch's anomalies are
/// written. Opening the stream needs no index; the server filters the oplog by host.</remarks>
public sealed class ChangeStreamTail
{
    /// <summary>The longest a read waits for new documents.</summary>
    public static readonly TimeSpan MaxAwait = TimeSpan.FromMilliseconds(200);

    // Server answers meaning "no change streams here": not a replica set (40573), an unknown stage (40324),
    // a server that does not implement it (238, as jongodb), no such command or not supported (59, 115).
    private static readonly HashSet<int> Unavailable = [40573, 40324, 238, 59, 115];

    // Answers meaning "that position is gone": history lost (286), fatal stream error (280), invalid token (260).
    private static readonly HashSet<int> Lost = [286, 280, 260];

    private readonly IMongoDatabase _database;
    private readonly MongoDocumentShape _shape;
    private readonly LogDocumentReader _reader;

    /// <summary>Creates a tail over <paramref name="inputDatabase"/>.</summary>
    /// <param name="inputDatabase">The database holding the log collections (<c>MG_INPUT_DB</c>).</param>
    /// <param name="shape">Where documents keep message, host, level and time.</param>
    public ChangeStreamTail(IMongoDatabase inputDatabase, MongoDocumentShape shape)
    {
        _database = inputDatabase;
        _shape = shape;
        _reader = new LogDocumentReader(shape);
    }

    /// <summary>The cluster time now, to open a host's first stream at; null where the server keeps none (a standalone
    /// server), which offers no change streams either.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<BsonTimestamp?> ClusterTimeAsync(CancellationToken cancellationToken)
    {
        using var session = await _database.Client.StartSessionAsync(cancellationToken: cancellationToken);
        await _database.RunCommandAsync<BsonDocument>(session, new BsonDocument("ping", 1), cancellationToken: cancellationToken);
        return session.OperationTime;
    }

    /// <summary>Reads up to about <paramref name="batchSize"/> documents inserted for <paramref name="hostname"/> after
    /// <paramref name="position"/>.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="position">Where to resume.</param>
    /// <param name="batchSize">How many documents to ask the server for (<c>MG_POLL_BATCH_SIZE</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ChangeStreamUnavailableException">The server offers no change streams.</exception>
    /// <exception cref="ChangeStreamLostException">The position is no longer in the server's history.</exception>
    public async Task<StreamBatch> ReadAsync(
        string collection, string hostname, StreamPosition position, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var match = new BsonDocument
        {
            ["operationType"] = "insert",
            ["fullDocument." + _shape.HostnameField] = hostname,
        };
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>()
            .Match(new BsonDocumentFilterDefinition<ChangeStreamDocument<BsonDocument>>(match));
        var options = new ChangeStreamOptions { BatchSize = batchSize, MaxAwaitTime = MaxAwait };
        if (position.ResumeToken is { } token)
        {
            options.ResumeAfter = token;
        }
        else
        {
            options.StartAtOperationTime = position.StartAt;
        }

        try
        {
            using var cursor = await _database.GetCollection<BsonDocument>(collection).WatchAsync(pipeline, options, cancellationToken);
            var records = new List<PolledRecord>();
            var read = new List<(BsonValue, DateTime)>();
            var skipped = new Dictionary<SkipReason, int>();
            if (await cursor.MoveNextAsync(cancellationToken))
            {
                foreach (var change in cursor.Current)
                {
                    var document = change.FullDocument;
                    // The stream itself places a document, so one without an ObjectId or a time is read too.
                    var reason = _reader.TryRead(document, out var id, out var time, out var record, placedAt: DateTime.UtcNow);
                    read.Add((id, time));
                    if (reason is null)
                    {
                        records.Add(new PolledRecord(id, record!, document, time));
                    }
                    else
                    {
                        skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
                    }
                }
            }

            return new StreamBatch(records, read, skipped, cursor.GetResumeToken() ?? position.ResumeToken ?? new BsonDocument());
        }
        catch (MongoServerException e) when (e is MongoCommandException command && Unavailable.Contains(command.Code))
        {
            throw new ChangeStreamUnavailableException($"change streams unavailable ({command.CodeName} {command.Code}: {command.ErrorMessage})", e);
        }
        catch (MongoServerException e) when (e is MongoCommandException command && Lost.Contains(command.Code))
        {
            throw new ChangeStreamLostException($"change stream position lost ({command.CodeName} {command.Code}: {command.ErrorMessage})", e);
        }
    }
}
