using Lad.Grains.Clustering;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.Runtime;
using Lad.Grains.Mongo;

namespace Lad.Grains.Reminders;

/// <summary>Orleans' reminder table on MongoDB: one document per reminder, scoped by service id.</summary>
/// <remarks>Every write is a single-document operation, so no transaction is needed: an upsert replaces the row
/// with a fresh ETag, and a remove deletes only while the row still has the caller's ETag.</remarks>
public sealed class MongoReminderTable : IReminderTable, IDisposable
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filters = Builders<BsonDocument>.Filter;

    private readonly string _serviceId;
    private readonly MongoClient _client;
    private readonly IMongoCollection<BsonDocument> _reminders;

    /// <summary>Creates the table; prefer <see cref="MongoReminderExtensions.UseMongoReminderService(Orleans.Hosting.ISiloBuilder, Action{MongoReminderOptions})"/>.</summary>
    /// <param name="options">Server, database and collection prefix.</param>
    /// <param name="clusterOptions">Gives the service id that scopes the reminders (they outlive cluster ids).</param>
    public MongoReminderTable(IOptions<MongoReminderOptions> options, IOptions<ClusterOptions> clusterOptions)
    {
        var settings = options.Value;
        settings.Validate("MongoDB reminders");
        _serviceId = clusterOptions.Value.ServiceId;
        _client = MongoClientFactory.Create(settings.ConnectionString, settings.CaFile);
        _reminders = _client.GetDatabase(settings.Database).GetCollection<BsonDocument>(settings.CollectionPrefix + "reminders");
    }

    /// <inheritdoc />
    public Task Init() =>
        _reminders.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(ReminderRow.Service).Ascending(ReminderRow.Hash)),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(ReminderRow.Service).Ascending(ReminderRow.Grain)),
        ]);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync(Filters.Eq(ReminderRow.Service, _serviceId) & Filters.Eq(ReminderRow.Grain, grainId.ToString()));

    /// <inheritdoc />
    /// <remarks>The range is (begin, end] on the hash ring; when <paramref name="begin"/> is not below
    /// <paramref name="end"/> it wraps past <see cref="uint.MaxValue"/> to zero.</remarks>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var above = Filters.Gt(ReminderRow.Hash, (long)begin);
        var upTo = Filters.Lte(ReminderRow.Hash, (long)end);
        var range = begin < end ? above & upTo : above | upTo;
        return ReadAsync(Filters.Eq(ReminderRow.Service, _serviceId) & range);
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var row = await _reminders.Find(ById(grainId, reminderName)).FirstOrDefaultAsync();
        return row is null ? null : ReminderRow.Read(row);
    }

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = Guid.NewGuid().ToString("N");
        await _reminders.ReplaceOneAsync(ById(entry.GrainId, entry.ReminderName), ReminderRow.Create(_serviceId, entry, etag), new ReplaceOptions { IsUpsert = true });
        return etag;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var result = await _reminders.DeleteOneAsync(ById(grainId, reminderName) & Filters.Eq(ReminderRow.ETag, eTag));
        return result.DeletedCount == 1;
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => _reminders.DeleteManyAsync(Filters.Eq(ReminderRow.Service, _serviceId));

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private FilterDefinition<BsonDocument> ById(GrainId grainId, string reminderName) =>
        Filters.Eq("_id", ReminderRow.IdOf(_serviceId, grainId, reminderName));

    private async Task<ReminderTableData> ReadAsync(FilterDefinition<BsonDocument> filter)
    {
        var rows = await _reminders.Find(filter).ToListAsync();
        return new ReminderTableData(rows.Select(ReminderRow.Read));
    }
}
