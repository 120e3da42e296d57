using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Sources;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Management;

/// <summary>The run-time log sources in <c>MG_TARGET_DB.lad_sources</c>: one document per input collection.</summary>
/// <remarks>A marker document records that the YAML's <c>LOG_SOURCES</c> were copied in once; from then on the stored
/// set wins over the YAML, even when every source has been removed. Collection names cannot start with <c>$</c>, so the
/// marker's id never clashes with a source.</remarks>
public sealed class MongoSourceStore
{
    /// <summary>The collection holding the sources.</summary>
    public const string CollectionName = "lad_sources";

    private const string SeededMarker = "$seeded";
    private readonly IMongoCollection<BsonDocument> _collection;

    /// <summary>Creates the store over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    public MongoSourceStore(IMongoDatabase targetDatabase) => _collection = targetDatabase.GetCollection<BsonDocument>(CollectionName);

    /// <summary>Copies <paramref name="seed"/> in when nothing was ever stored; otherwise leaves the store alone.</summary>
    /// <returns>Whether the seed was copied.</returns>
    public async Task<bool> SeedOnceAsync(IEnumerable<LogSourceConfig> seed, CancellationToken cancellationToken)
    {
        if (await _collection.Find(Builders<BsonDocument>.Filter.Eq("_id", SeededMarker)).AnyAsync(cancellationToken))
        {
            return false;
        }

        foreach (var source in seed)
        {
            await SaveAsync(SourceDefinition.From(source), cancellationToken);
        }

        await _collection.ReplaceOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", SeededMarker),
            new BsonDocument { ["_id"] = SeededMarker, ["seeded_at"] = DateTime.UtcNow },
            new ReplaceOptions { IsUpsert = true },
            cancellationToken);
        return true;
    }

    /// <summary>Every stored source that can be read, ordered by collection.</summary>
    /// <param name="unreadable">Told of each stored document that is not a source (edited by hand, or written by
    /// something else): its id and what is wrong, so one bad entry is reported instead of hiding every other.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<List<SourceDefinition>> ListAsync(Action<string, string>? unreadable, CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(Builders<BsonDocument>.Filter.Ne("_id", SeededMarker)).ToListAsync(cancellationToken);
        var sources = new List<SourceDefinition>();
        foreach (var document in documents)
        {
            if (TryRead(document, hostnames: null, out var source, out var problem))
            {
                sources.Add(source!);
            }
            else
            {
                unreadable?.Invoke(document.GetValue("_id", BsonNull.Value).ToString()!, problem!);
            }
        }

        return sources.OrderBy(s => s.Collection, StringComparer.Ordinal).ToList();
    }

    /// <summary>The stored source of <paramref name="collection"/>, or null (also when the stored entry is unreadable).</summary>
    public async Task<SourceDefinition?> FindAsync(string collection, CancellationToken cancellationToken)
    {
        var document = await _collection.Find(Builders<BsonDocument>.Filter.Eq("_id", collection)).FirstOrDefaultAsync(cancellationToken);
        if (document is null)
        {
            return null;
        }

        return TryRead(document, hostnames: null, out var source, out _) ? source : null;
    }

    /// <summary>
    /// The stored source of <paramref name="collection"/> as its host <paramref name="hostname"/> runs it: its settings,
    /// with <paramref name="hostname"/> as its one host whether or not the source still lists it (a removed host is still
    /// woken, to be stopped); null when nothing readable is stored. The host list is left on the server: it grows with
    /// the source, and every host of it reads its source when activated, so reading the list each time made a silo's
    /// start read it once per host (10,000 hosts: 10,000 reads of a 10,000-name list).
    /// </summary>
    public async Task<SourceDefinition?> FindForHostAsync(string collection, string hostname, CancellationToken cancellationToken)
    {
        var document = await _collection.Find(Builders<BsonDocument>.Filter.Eq("_id", collection))
            .Project(Builders<BsonDocument>.Projection.Exclude("hostnames"))
            .FirstOrDefaultAsync(cancellationToken);
        return document is not null && TryRead(document, [hostname], out var source, out _) ? source : null;
    }

    /// <summary>Whether the stored source of <paramref name="collection"/> lists <paramref name="hostname"/>, asked of
    /// MongoDB so that only the answer comes back, not the source's whole host list.</summary>
    public Task<bool> ListsHostAsync(string collection, string hostname, CancellationToken cancellationToken) =>
        _collection.Find(Builders<BsonDocument>.Filter.And(
                Builders<BsonDocument>.Filter.Eq("_id", collection), Builders<BsonDocument>.Filter.Eq("hostnames", hostname)))
            .Project(Builders<BsonDocument>.Projection.Include("_id"))
            .AnyAsync(cancellationToken);

    /// <summary>Stores <paramref name="source"/>, replacing the collection's previous definition.</summary>
    public Task SaveAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        var document = new BsonDocument
        {
            ["_id"] = source.Collection,
            ["hostnames"] = new BsonArray(source.Hostnames),
            ["target_collection"] = source.TargetCollection,
        };
        if (source.SessionRegex is { } sessionRegex)
        {
            document["session_regex"] = sessionRegex;
        }

        if (source.MySqlTargetTable is { } table)
        {
            document["mysql_target_table"] = table;
        }

        return _collection.ReplaceOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", source.Collection), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
    }

    /// <summary>Deletes the source of <paramref name="collection"/>; says whether there was one.</summary>
    public async Task<bool> DeleteAsync(string collection, CancellationToken cancellationToken) =>
        (await _collection.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", collection), cancellationToken)).DeletedCount > 0;

    // Reads a stored source; with hostnames given, its document was read without its host list and those stand in for it.
    private static bool TryRead(BsonDocument document, IReadOnlyList<string>? hostnames, out SourceDefinition? source, out string? problem)
    {
        source = null;
        problem = document switch
        {
            _ when !document.GetValue("_id", BsonNull.Value).IsString => "_id is not a collection name",
            _ when hostnames is null && (document.GetValue("hostnames", BsonNull.Value) is not BsonArray hosts || hosts.Any(h => !h.IsString)) =>
                "hostnames is not a list of names",
            _ when !document.GetValue("target_collection", BsonNull.Value).IsString => "target_collection is not a collection name",
            _ when document.GetValue("session_regex", BsonNull.Value) is { IsBsonNull: false, IsString: false } => "session_regex is not text",
            _ when document.GetValue("mysql_target_table", BsonNull.Value) is { IsBsonNull: false, IsString: false } => "mysql_target_table is not a table name",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        source = new SourceDefinition(
            document["_id"].AsString,
            hostnames ?? document["hostnames"].AsBsonArray.Select(h => h.AsString).ToList(),
            document["target_collection"].AsString,
            document.GetValue("session_regex", BsonNull.Value) is { IsString: true } sessionRegex ? sessionRegex.AsString : null,
            document.GetValue("mysql_target_table", BsonNull.Value) is { IsString: true } table ? table.AsString : null);
        return true;
    }
}
