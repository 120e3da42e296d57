using System.IO.Hashing;
using System.Text;
using Lad.Grains.Source;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Polling;

/// <summary>The queries of a collection's shared poll: which ids above a floor the collection holds (for all its hosts
/// at once), the documents of the new ones, the new documents of a recent span in one read, and a fingerprint per host
/// of the documents no id order places.</summary>
/// <remarks>The id scan is served by the <c>_id</c> index every collection has, but the host field is not in that index,
/// so MongoDB fetches each scanned document: which is why the poll scans its whole look-back only every
/// <c>POLL_INTERVAL</c> and the recent span in between (<see cref="CollectionReadPosition.RecentFloor"/>).</remarks>
public sealed class MongoCollectionScanner(IMongoDatabase inputDatabase, MongoDocumentShape shape)
{
    /// <summary>The ids above <paramref name="floor"/> with their hosts, ascending.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="floor">Ids at or below it are not read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<ScannedId>> IdsAboveAsync(string collection, ObjectId floor, CancellationToken cancellationToken)
    {
        var options = new FindOptions<BsonDocument, BsonDocument>
        {
            Sort = Builders<BsonDocument>.Sort.Ascending("_id"),
            Projection = Builders<BsonDocument>.Projection.Include("_id").Include(shape.HostnameField),
            BatchSize = 10_000,
        };
        var found = new List<ScannedId>();
        using var cursor = await Collection(collection).FindAsync(Builders<BsonDocument>.Filter.Gt("_id", floor), options, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                var host = document.GetValue(shape.HostnameField, BsonNull.Value);
                found.Add(new ScannedId(document["_id"].AsObjectId, host.IsString ? host.AsString : null));
            }
        }

        return found;
    }

    /// <summary>The whole documents above <paramref name="floor"/> except those with the ids of
    /// <paramref name="excluded"/>, ascending, at most <paramref name="limit"/>: the new documents of a recent scan in
    /// one query, where the id scan and the read of the new ones took two.</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="floor">Ids at or below it are not read.</param>
    /// <param name="excluded">Ids above <paramref name="floor"/> not to read again.</param>
    /// <param name="limit">Most documents read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<List<BsonDocument>> DocumentsAboveAsync(
        string collection, ObjectId floor, IReadOnlyCollection<ObjectId> excluded, int limit, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var filter = excluded.Count == 0 ? filters.Gt("_id", floor) : filters.Gt("_id", floor) & filters.Nin("_id", excluded);
        return Collection(collection).Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The documents with these ids, ascending (a document deleted meanwhile is absent).</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<List<BsonDocument>> DocumentsAsync(string collection, IReadOnlyCollection<ObjectId> ids, CancellationToken cancellationToken) =>
        Collection(collection).Find(Builders<BsonDocument>.Filter.In("_id", ids))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).ToListAsync(cancellationToken);

    /// <summary>Per host, a fingerprint of its documents whose <c>_id</c> is not an ObjectId (their ids and times): it
    /// changes when one arrives, so only the host it concerns reads them (by time, or to count them as skipped).</summary>
    /// <param name="collection">The input collection.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyDictionary<string, ulong>> UnorderedFingerprintsAsync(string collection, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var projection = Builders<BsonDocument>.Projection.Include("_id").Include(shape.HostnameField);
        if (shape.TimeField is { } timeField)
        {
            projection = projection.Include(timeField);
        }

        var prints = new Dictionary<string, ulong>(StringComparer.Ordinal);
        using var cursor = await Collection(collection)
            .Find(filters.Not(filters.Type("_id", "objectId"))).Project(projection).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                if (document.GetValue(shape.HostnameField, BsonNull.Value) is not { IsString: true } host)
                {
                    continue;
                }

                // Order-free (a sum of hashes), so the same documents read in another order give the same print.
                var time = shape.TimeField is { } field ? document.GetValue(field, BsonNull.Value).ToString() : "";
                var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(document["_id"].ToJson() + "\u0000" + time));
                prints[host.AsString] = unchecked(prints.GetValueOrDefault(host.AsString) + hash);
            }
        }

        return prints;
    }

    private IMongoCollection<BsonDocument> Collection(string name) => inputDatabase.GetCollection<BsonDocument>(name);
}
