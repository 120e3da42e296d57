using Lad.Grains.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Alerts;

/// <summary>Elects the one silo of a cluster that delivers alerts: a document in <c>MG_TARGET_DB.lad_alert_leader</c>
/// naming its holder until a time; the holder renews it each round, and another silo takes it once it has lapsed.</summary>
/// <remarks>One deliverer per cluster keeps <c>ALERT_RATE_LIMIT</c> a figure for the whole cluster and stops two silos
/// sending the same entry at once; a silo that dies hands over after one lease period.</remarks>
public sealed class DeliveryLease(IMongoDatabase targetDatabase, string holder, TimeProvider time)
{
    /// <summary>The lease collection.</summary>
    public const string CollectionName = "lad_alert_leader";

    private const string LeaseId = "delivery";
    private readonly IMongoCollection<BsonDocument> _leases = targetDatabase.GetCollection<BsonDocument>(CollectionName);

    /// <summary>This silo's name in the lease.</summary>
    public string Holder => holder;

    /// <summary>Takes or renews the lease for <paramref name="duration"/>; false while another holder's lease runs.</summary>
    public async Task<bool> TryHoldAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var filters = Builders<BsonDocument>.Filter;
        var mineOrLapsed = filters.Eq("_id", LeaseId) & (filters.Eq("holder", holder) | filters.Lt("until", now));
        try
        {
            await _leases.UpdateOneAsync(
                mineOrLapsed,
                Builders<BsonDocument>.Update.Set("holder", holder).Set("until", now + duration),
                new UpdateOptions { IsUpsert = true },
                cancellationToken);
            return true;
        }
        catch (MongoException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // The lease exists and is neither ours nor lapsed: the upsert's insert collided with it.
            return false;
        }
    }

    /// <summary>Gives the lease up (at shutdown), so another silo need not wait for it to lapse.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        _leases.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", LeaseId) & Builders<BsonDocument>.Filter.Eq("holder", holder), cancellationToken);
}
