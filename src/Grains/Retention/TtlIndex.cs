using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Retention;

/// <summary>Keeps one time-to-live index on a collection in line with <c>RETENTION_DAYS</c>: created, its expiry changed
/// when the setting changed, or dropped when retention is off.</summary>
public static class TtlIndex
{
    /// <summary>The name every retention index of LAD has.</summary>
    public const string Name = "retention";

    // IndexNotFound, NamespaceNotFound: nothing to drop.
    private static readonly int[] AbsentCodes = [27, 26];

    /// <summary>Makes documents of <paramref name="collection"/> expire <paramref name="retention"/> after the date in
    /// <paramref name="field"/>; with no retention, removes the expiry (documents are kept).</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="field">A field holding BSON dates.</param>
    /// <param name="retention">How long documents are kept; null keeps them forever.</param>
    /// <param name="cancellationToken">Cancels the commands.</param>
    public static async Task EnsureAsync(IMongoCollection<BsonDocument> collection, string field, TimeSpan? retention, CancellationToken cancellationToken)
    {
        if (retention is not { } keep)
        {
            try
            {
                await collection.Indexes.DropOneAsync(Name, cancellationToken);
            }
            catch (MongoCommandException e) when (AbsentCodes.Contains(e.Code) || e.CodeName is "IndexNotFound" or "NamespaceNotFound")
            {
                // There was no expiry.
            }

            return;
        }

        var existing = await ExistingAsync(collection, cancellationToken);
        var seconds = (long)keep.TotalSeconds;
        if (existing is not null && existing["key"].AsBsonDocument == new BsonDocument(field, 1))
        {
            if (existing.GetValue("expireAfterSeconds", BsonNull.Value) is { IsNumeric: true } current && current.ToInt64() == seconds)
            {
                return;
            }

            try
            {
                // RETENTION_DAYS changed: the index stays, with the new expiry.
                await collection.Database.RunCommandAsync<BsonDocument>(new BsonDocument
                {
                    ["collMod"] = collection.CollectionNamespace.CollectionName,
                    ["index"] = new BsonDocument { ["name"] = Name, ["expireAfterSeconds"] = seconds },
                }, cancellationToken: cancellationToken);
                return;
            }
            catch (MongoCommandException)
            {
                // A server without collMod on indexes: the index is made again below.
            }
        }

        if (existing is not null)
        {
            await collection.Indexes.DropOneAsync(Name, cancellationToken);
        }

        await collection.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(field), new CreateIndexOptions { Name = Name, ExpireAfter = keep }),
            cancellationToken: cancellationToken);
    }

    private static async Task<BsonDocument?> ExistingAsync(IMongoCollection<BsonDocument> collection, CancellationToken cancellationToken)
    {
        try
        {
            var indexes = await (await collection.Indexes.ListAsync(cancellationToken)).ToListAsync(cancellationToken);
            return indexes.FirstOrDefault(i => i.GetValue("name", BsonNull.Value) == Name);
        }
        catch (MongoCommandException e) when (AbsentCodes.Contains(e.Code) || e.CodeName == "NamespaceNotFound")
        {
            return null;
        }
    }
}
