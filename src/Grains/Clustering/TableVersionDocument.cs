using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Clustering;

/// <summary>
/// The per-cluster document holding the table version, its ETag, and the row write that the last version
/// change committed to but may not have applied yet (see <see cref="MongoMembershipTable"/>).
/// </summary>
internal static class TableVersionDocument
{
    public const string Version = "version";
    public const string ETag = "etag";
    public const string Pending = "pending";
    public const string PendingOp = "op";
    public const string PendingRow = "row";
    public const string PendingExpectedETag = "expected_etag";

    public static BsonDocument CreateInitial(string clusterId) => new()
    {
        ["_id"] = clusterId,
        [Version] = 0,
        [ETag] = NewETag(),
        [Pending] = BsonNull.Value,
    };

    /// <summary>A row write: replace the row if it still has <paramref name="expectedETag"/>, or insert it when that is null.</summary>
    public static BsonDocument PendingWrite(BsonDocument row, string? expectedETag) => new()
    {
        [PendingOp] = NewETag(),
        [PendingRow] = row,
        [PendingExpectedETag] = expectedETag is null ? BsonNull.Value : expectedETag,
    };

    public static FilterDefinition<BsonDocument> ById(string clusterId) => Builders<BsonDocument>.Filter.Eq("_id", clusterId);

    public static string NewETag() => Guid.NewGuid().ToString("N");
}
