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
public sealed partial class MongoGrainStorage : IGrainStorage, IDisposable
{
    private const int DuplicateKey = 11000;
    private const int MaxReadAttempts = 3;

    private readonly string _name;
    private readonly string _serviceId;
    private readonly MongoGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<MongoGrainStorage> _logger;
    private readonly MongoClient _client;
    private readonly IMongoCollection<BsonDocument> _heads;
    private readonly IMongoCollection<BsonDocument> _chunks;
    private readonly Lock _indexLock = new();
    private Task? _indexes;

    /// <summary>Creates the storage; prefer <see cref="MongoGrainStorageExtensions.AddMongoGrainStorage(Orleans.Hosting.ISiloBuilder, string, Action{MongoGrainStorageOptions})"/>.</summary>
    /// <param name="name">The provider name grains refer to.</param>
    /// <param name="options">The provider's options.</param>
    /// <param name="clusterOptions">Gives the service id that namespaces the keys.</param>
    /// <param name="activators">Creates a fresh state when none is stored.</param>
    /// <param name="logger">Logs writes and conflicts.</param>
    public MongoGrainStorage(
        string name,
        MongoGrainStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activators,
        ILogger<MongoGrainStorage> logger)
    {
        Validate(name, options);
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _activators = activators;
        _logger = logger;
        _client = MongoClientFactory.Create(options.ConnectionString, options.CaFile);
        var database = _client.GetDatabase(options.DatabaseName);
        _heads = database.GetCollection<BsonDocument>(options.CollectionName);
        _chunks = database.GetCollection<BsonDocument>(options.CollectionName + ".chunks");
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
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureIndexesAsync();
        var key = KeyOf(stateName, grainId);
        for (var attempt = 1; ; attempt++)
        {
            var head = await _heads.Find(ById(key)).FirstOrDefaultAsync();
            if (head is null)
            {
                ResetState(grainState);
                return;
            }

            var etag = head[StateHead.ETag].AsString;
            var (bytes, problem) = await ReadChunksAsync(head);
            if (bytes is not null)
            {
                grainState.State = Deserialize<T>(key, etag, bytes);
                grainState.ETag = etag;
                grainState.RecordExists = true;
                return;
            }

            // A concurrent write may have switched the head and deleted this chunk set between the two reads;
            // only an unchanged head with incomplete chunks is real damage.
            if (attempt == MaxReadAttempts || await StoredETagAsync(key) == etag)
            {
                LogCorrupt(_logger, _name, key, problem);
                throw new CorruptGrainStateException(key, problem, etag);
            }
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureIndexesAsync();
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
            await _chunks.InsertOneAsync(chunk);
        }

        var head = StateHead.Create(key, etag, chunkSet, chunks.Count, bytes.Length);
        if (!await SwitchHeadAsync(key, grainState.ETag, head))
        {
            await _chunks.DeleteManyAsync(Builders<BsonDocument>.Filter.Eq(StateChunk.ChunkSet, chunkSet));
            var stored = await StoredETagAsync(key);
            LogConflict(_logger, _name, key, grainState.ETag, stored);
            throw new InconsistentStateException(
                $"Grain state '{key}' was changed by another writer (stored ETag {stored ?? "none"}, expected {grainState.ETag ?? "none"}).",
                stored ?? "", grainState.ETag ?? "");
        }

        // Remove the replaced set and any orphans of interrupted writes, but only chunks older than this write:
        // a writer that read the new head meanwhile may already be inserting its own set.
        await _chunks.DeleteManyAsync(Builders<BsonDocument>.Filter.Eq(StateChunk.Key, key)
                                      & Builders<BsonDocument>.Filter.Ne(StateChunk.ChunkSet, chunkSet)
                                      & Builders<BsonDocument>.Filter.Lt(StateChunk.WrittenAt, startedAt));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        LogWritten(_logger, _name, key, bytes.Length, chunks.Count);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureIndexesAsync();
        var key = KeyOf(stateName, grainId);
        var filters = Builders<BsonDocument>.Filter;
        var deleted = grainState.ETag is { } expected
            ? (await _heads.DeleteOneAsync(ById(key) & filters.Eq(StateHead.ETag, expected))).DeletedCount == 1
            : await StoredETagAsync(key) is null;
        if (!deleted)
        {
            var stored = await StoredETagAsync(key);
            LogConflict(_logger, _name, key, grainState.ETag, stored);
            throw new InconsistentStateException(
                $"Grain state '{key}' was changed by another writer before it could be cleared (stored ETag {stored ?? "none"}).",
                stored ?? "", grainState.ETag ?? "");
        }

        await _chunks.DeleteManyAsync(filters.Eq(StateChunk.Key, key));
        ResetState(grainState);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static void Validate(string name, MongoGrainStorageOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problems.Add($"{nameof(options.ConnectionString)} is empty");
        }

        if (string.IsNullOrWhiteSpace(options.DatabaseName))
        {
            problems.Add($"{nameof(options.DatabaseName)} is empty");
        }

        if (string.IsNullOrWhiteSpace(options.CollectionName))
        {
            problems.Add($"{nameof(options.CollectionName)} is empty");
        }

        if (options.ChunkSize is < 1024 or > MongoGrainStorageOptions.MaxChunkSize)
        {
            problems.Add($"{nameof(options.ChunkSize)} must be between 1024 and {MongoGrainStorageOptions.MaxChunkSize}, got {options.ChunkSize}");
        }

        if (options.GrainStorageSerializer is null)
        {
            problems.Add($"{nameof(options.GrainStorageSerializer)} is not set");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"MongoDB grain storage '{name}': {string.Join("; ", problems)}.", nameof(options));
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

    private async Task<(byte[]? Bytes, string Problem)> ReadChunksAsync(BsonDocument head)
    {
        try
        {
            return await ReadWellFormedChunksAsync(head);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or OverflowException)
        {
            // A field of the head or of a chunk is missing or of the wrong type: damaged by hand or by another program.
            return (null, $"a stored field is malformed ({e.Message})");
        }
    }

    private async Task<(byte[]? Bytes, string Problem)> ReadWellFormedChunksAsync(BsonDocument head)
    {
        var length = head[StateHead.Length].ToInt64();
        var expectedChunks = head[StateHead.ChunkCount].ToInt32();
        var bytes = new byte[length];
        var position = 0L;
        var count = 0;
        using var cursor = await _chunks.Find(Builders<BsonDocument>.Filter.Eq(StateChunk.ChunkSet, head[StateHead.ChunkSet]))
            .Sort(Builders<BsonDocument>.Sort.Ascending(StateChunk.Index)).ToCursorAsync();
        while (await cursor.MoveNextAsync())
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

    private async Task<bool> SwitchHeadAsync(string key, string? expectedETag, BsonDocument head)
    {
        if (expectedETag is null)
        {
            try
            {
                await _heads.InsertOneAsync(head);
                return true;
            }
            catch (MongoServerException e) when (IsDuplicateKey(e))
            {
                return false;
            }
        }

        var result = await _heads.ReplaceOneAsync(ById(key) & Builders<BsonDocument>.Filter.Eq(StateHead.ETag, expectedETag), head);
        return result.MatchedCount == 1;
    }

    private async Task<string?> StoredETagAsync(string key)
    {
        var head = await _heads.Find(ById(key)).FirstOrDefaultAsync();
        return head?[StateHead.ETag].AsString;
    }

    // Created on first use rather than at construction so a silo can start while MongoDB is still coming up;
    // a failed attempt is retried by the next call instead of being cached.
    private Task EnsureIndexesAsync()
    {
        lock (_indexLock)
        {
            if (_indexes is null || _indexes.IsFaulted || _indexes.IsCanceled)
            {
                _indexes = CreateIndexesAsync();
            }

            return _indexes;
        }
    }

    private Task CreateIndexesAsync() =>
        _chunks.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(StateChunk.ChunkSet).Ascending(StateChunk.Index)),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(StateChunk.Key)),
        ]);

    // jongodb reports duplicates as a command error, MongoDB as a write error: both carry code 11000.
    private static bool IsDuplicateKey(MongoServerException e) => e switch
    {
        MongoWriteException write => write.WriteError?.Code == DuplicateKey,
        MongoCommandException command => command.Code == DuplicateKey,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage {Provider}: wrote {Key} ({Bytes} bytes in {Chunks} chunks)")]
    private static partial void LogWritten(ILogger logger, string provider, string key, int bytes, int chunks);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage {Provider}: grain state {Key} is corrupt: {Problem}")]
    private static partial void LogCorrupt(ILogger logger, string provider, string key, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Provider}: ETag conflict on {Key} (expected {Expected}, stored {Stored})")]
    private static partial void LogConflict(ILogger logger, string provider, string key, string? expected, string? stored);
}
