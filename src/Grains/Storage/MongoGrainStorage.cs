using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.Configuration.Overrides;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Lad.Grains.Mongo;

namespace Lad.Grains.Storage;

/// <summary>Orleans grain storage on MongoDB, for states of any size (trained models reach tens of MB).</summary>
/// <remarks>
/// A state is stored as a head document (ETag, chunk set id, length) plus chunk documents of at most
/// <see cref="MongoGrainStorageOptions.ChunkSize"/> bytes, so MongoDB's 16 MB document limit never applies.
/// A write inserts a new chunk set, then switches the head with a compare-and-set on the ETag, then deletes
/// the key's other chunk sets. A crash before the switch leaves the previous state intact (plus unreferenced
/// chunks that the next write removes); a crash after it leaves the new state complete.
/// </remarks>
public sealed partial class MongoGrainStorage : IGrainStorage
{
    private const int MaxReadAttempts = 3;

    private readonly string _name;
    private readonly string _serviceId;
    private readonly MongoGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<MongoGrainStorage> _logger;
    private readonly Lazy<IMongoCollection<BsonDocument>> _heads;
    private readonly Lazy<IMongoCollection<BsonDocument>> _chunks;
    private readonly Lock _indexLock = new();
    private Task? _indexes;

    /// <summary>Creates the storage; prefer <see cref="MongoGrainStorageExtensions.AddMongoGrainStorage(Orleans.Hosting.ISiloBuilder, string, Action{MongoGrainStorageOptions})"/>.</summary>
    /// <param name="name">The provider name grains refer to.</param>
    /// <param name="options">The provider's options.</param>
    /// <param name="clusterOptions">Gives the service id that namespaces the keys.</param>
    /// <param name="activators">Creates a fresh state when none is stored.</param>
    /// <param name="clients">The process's MongoDB clients; this storage takes the one of its connection string.</param>
    /// <param name="logger">Logs writes and conflicts.</param>
    /// <remarks>The options are checked when the silo starts, by <see cref="MongoGrainStorageOptionsValidator"/>.</remarks>
    public MongoGrainStorage(
        string name,
        MongoGrainStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activators,
        MongoClients clients,
        ILogger<MongoGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _activators = activators;
        _logger = logger;
        // Connected at first use, not when Orleans builds the provider: a silo builds it before running the
        // configuration validators, which name a bad option better than the driver's exception would.
        var database = new Lazy<IMongoDatabase>(() => clients.For(options.ConnectionString, options.CaFile).GetDatabase(options.DatabaseName));
        _heads = new(() => database.Value.GetCollection<BsonDocument>(options.CollectionName));
        _chunks = new(() => database.Value.GetCollection<BsonDocument>(options.CollectionName + ".chunks"));
    }

    /// <summary>The factory <c>AddGrainStorage</c> calls for the provider named <paramref name="name"/>.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider name.</param>
    public static MongoGrainStorage Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<MongoGrainStorage>(
            services,
            name,
            services.GetRequiredService<IOptionsMonitor<MongoGrainStorageOptions>>().Get(name),
            services.GetProviderClusterOptions(name));

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        var key = KeyOf(stateName, grainId);
        for (var attempt = 1; ; attempt++)
        {
            var head = await _heads.Value.Find(ById(key)).FirstOrDefaultAsync(cancellationToken);
            if (head is null)
            {
                ResetState(grainState);
                return;
            }

            var etag = head[StateHead.ETag].AsString;
            var (bytes, problem) = await ReadChunksAsync(head, cancellationToken);
            if (bytes is not null)
            {
                grainState.State = Deserialize<T>(key, etag, bytes);
                grainState.ETag = etag;
                grainState.RecordExists = true;
                return;
            }

            // A concurrent write may have switched the head and deleted this chunk set between the two reads;
            // only an unchanged head with incomplete chunks is real damage.
            if (attempt == MaxReadAttempts || await StoredETagAsync(key, cancellationToken) == etag)
            {
                LogCorrupt(_logger, _name, key, problem);
                throw new CorruptGrainStateException(key, problem, etag);
            }
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    /// <remarks>A write cancelled before its head switch leaves the stored state as it was (its chunks are orphans the
    /// next write removes); once the head is switched the state is the new one whatever follows.</remarks>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        var key = KeyOf(stateName, grainId);
        var bytes = _options.GrainStorageSerializer.Serialize(grainState.State).ToMemory();
        var chunkSet = Guid.NewGuid().ToString("N");
        var etag = Guid.NewGuid().ToString("N");
        var startedAt = DateTime.UtcNow;
        var chunks = new List<BsonDocument>();
        for (int offset = 0, index = 0; offset < bytes.Length || index == 0; offset += _options.ChunkSize, index++)
        {
            chunks.Add(StateChunk.Create(key, chunkSet, index, bytes.Slice(offset, Math.Min(_options.ChunkSize, bytes.Length - offset)), startedAt));
        }

        // One chunk per insert keeps each command far below the server's message size limit.
        foreach (var chunk in chunks)
        {
            await _chunks.Value.InsertOneAsync(chunk, cancellationToken: cancellationToken);
        }

        var head = StateHead.Create(key, etag, chunkSet, chunks.Count, bytes.Length);
        if (!await SwitchHeadAsync(key, grainState.ETag, head, cancellationToken))
        {
            await _chunks.Value.DeleteManyAsync(Builders<BsonDocument>.Filter.Eq(StateChunk.ChunkSet, chunkSet), cancellationToken);
            var stored = await StoredETagAsync(key, cancellationToken);
            LogConflict(_logger, _name, key, grainState.ETag, stored);
            throw new InconsistentStateException(
                $"Grain state '{key}' was changed by another writer (stored ETag {stored ?? "none"}, expected {grainState.ETag ?? "none"}).",
                stored ?? "", grainState.ETag ?? "");
        }

        // The new state is stored from here on, so the grain learns its ETag before anything else can fail or be
        // cancelled.
        grainState.ETag = etag;
        grainState.RecordExists = true;

        // Remove the replaced set and any orphans of interrupted writes, but only chunks older than this write:
        // a writer that read the new head meanwhile may already be inserting its own set. It is housekeeping the next
        // write of this key redoes, so it gives way to the caller's cancellation and its failure does not fail the
        // write: a clean-up that waited without a token for a reply that never came held its grain for good.
        try
        {
            await _chunks.Value.DeleteManyAsync(Builders<BsonDocument>.Filter.Eq(StateChunk.Key, key)
                                          & Builders<BsonDocument>.Filter.Ne(StateChunk.ChunkSet, chunkSet)
                                          & Builders<BsonDocument>.Filter.Lt(StateChunk.WrittenAt, startedAt), cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or MongoException or TimeoutException)
        {
            LogCleanUpLeft(_logger, _name, key, e.GetType().Name);
            return;
        }

        LogWritten(_logger, _name, key, bytes.Length, chunks.Count);
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        var key = KeyOf(stateName, grainId);
        var filters = Builders<BsonDocument>.Filter;
        var deleted = grainState.ETag is { } expected
            ? (await _heads.Value.DeleteOneAsync(ById(key) & filters.Eq(StateHead.ETag, expected), cancellationToken)).DeletedCount == 1
            : await StoredETagAsync(key, cancellationToken) is null;
        if (!deleted)
        {
            var stored = await StoredETagAsync(key, cancellationToken);
            LogConflict(_logger, _name, key, grainState.ETag, stored);
            throw new InconsistentStateException(
                $"Grain state '{key}' was changed by another writer before it could be cleared (stored ETag {stored ?? "none"}).",
                stored ?? "", grainState.ETag ?? "");
        }

        // The head is gone, so the state is cleared. Its chunks are orphans from here, which the next write of this key
        // removes: their removal gives way to the caller's token, as a write's clean-up does.
        ResetState(grainState);
        try
        {
            await _chunks.Value.DeleteManyAsync(filters.Eq(StateChunk.Key, key), cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or MongoException or TimeoutException)
        {
            LogCleanUpLeft(_logger, _name, key, e.GetType().Name);
        }
    }

    // Service id and state name are escaped so that a '/' in either cannot make two grains' keys equal.
    private string KeyOf(string stateName, GrainId grainId) =>
        $"{StoredKey.EscapeSeparator(_serviceId)}/{grainId}/{StoredKey.EscapeSeparator(stateName)}";

    private static FilterDefinition<BsonDocument> ById(string key) => Builders<BsonDocument>.Filter.Eq("_id", key);

    private void ResetState<T>(IGrainState<T> grainState)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T Deserialize<T>(string key, string etag, byte[] bytes)
    {
        try
        {
            return _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(bytes))
                   ?? throw new InvalidDataException("the bytes decode to nothing");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Complete chunks whose bytes no longer decode (damaged in place, or a state type changed incompatibly).
            var problem = $"its {bytes.Length} bytes do not deserialise as {typeof(T).Name} ({e.GetType().Name}: {e.Message})";
            LogCorrupt(_logger, _name, key, problem);
            throw new CorruptGrainStateException(key, problem, etag, e);
        }
    }

    private async Task<(byte[]? Bytes, string Problem)> ReadChunksAsync(BsonDocument head, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadWellFormedChunksAsync(head, cancellationToken);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or OverflowException)
        {
            // A field of the head or of a chunk is missing or of the wrong type: damaged by hand or by another program.
            return (null, $"a stored field is malformed ({e.Message})");
        }
    }

    private async Task<(byte[]? Bytes, string Problem)> ReadWellFormedChunksAsync(BsonDocument head, CancellationToken cancellationToken)
    {
        var length = head[StateHead.Length].ToInt64();
        var expectedChunks = head[StateHead.ChunkCount].ToInt32();
        var bytes = new byte[length];
        var position = 0L;
        var count = 0;
        using var cursor = await _chunks.Value.Find(Builders<BsonDocument>.Filter.Eq(StateChunk.ChunkSet, head[StateHead.ChunkSet]))
            .Sort(Builders<BsonDocument>.Sort.Ascending(StateChunk.Index)).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var chunk in cursor.Current)
            {
                var data = chunk[StateChunk.Data].AsByteArray;
                if (chunk[StateChunk.Index].ToInt32() != count || position + data.Length > length)
                {
                    return (null, $"chunk {count} is missing or out of place");
                }

                data.CopyTo(bytes, position);
                position += data.Length;
                count++;
            }
        }

        return count == expectedChunks && position == length
            ? (bytes, "")
            : (null, $"found {count} of {expectedChunks} chunks, {position} of {length} bytes");
    }

    private async Task<bool> SwitchHeadAsync(string key, string? expectedETag, BsonDocument head, CancellationToken cancellationToken)
    {
        if (expectedETag is null)
        {
            try
            {
                await _heads.Value.InsertOneAsync(head, cancellationToken: cancellationToken);
                return true;
            }
            catch (MongoServerException e) when (MongoErrors.IsDuplicateKey(e))
            {
                return false;
            }
        }

        var result = await _heads.Value.ReplaceOneAsync(ById(key) & Builders<BsonDocument>.Filter.Eq(StateHead.ETag, expectedETag), head, cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    private async Task<string?> StoredETagAsync(string key, CancellationToken cancellationToken)
    {
        var head = await _heads.Value.Find(ById(key)).FirstOrDefaultAsync(cancellationToken);
        return head?[StateHead.ETag].AsString;
    }

    // Created on first use rather than at construction so a silo can start while MongoDB is still coming up;
    // a failed attempt is retried by the next call instead of being cached. The creation is shared by every caller, so
    // it runs to its end whatever one caller's token says; a cancelled caller stops waiting for it.
    private Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        lock (_indexLock)
        {
            if (_indexes is null || _indexes.IsFaulted || _indexes.IsCanceled)
            {
                _indexes = CreateIndexesAsync();
            }

            return _indexes.WaitAsync(cancellationToken);
        }
    }

    private Task CreateIndexesAsync() =>
        _chunks.Value.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(StateChunk.ChunkSet).Ascending(StateChunk.Index)),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(StateChunk.Key)),
        ]);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage {Provider}: wrote {Key} ({Bytes} bytes in {Chunks} chunks)")]
    private static partial void LogWritten(ILogger logger, string provider, string key, int bytes, int chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Provider}: wrote or cleared {Key}, but removing its replaced chunks failed ({Error}); the next write of it removes them")]
    private static partial void LogCleanUpLeft(ILogger logger, string provider, string key, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage {Provider}: grain state {Key} is corrupt: {Problem}")]
    private static partial void LogCorrupt(ILogger logger, string provider, string key, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Provider}: ETag conflict on {Key} (expected {Expected}, stored {Stored})")]
    private static partial void LogConflict(ILogger logger, string provider, string key, string? expected, string? stored);
}
