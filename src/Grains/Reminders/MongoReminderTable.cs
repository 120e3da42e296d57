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
public sealed class MongoReminderTable : IReminderTable
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filters = Builders<BsonDocument>.Filter;

    private readonly string _serviceId;
    private readonly Lazy<IMongoCollection<BsonDocument>> _reminders;

    /// <summary>Creates the table; prefer <see cref="MongoReminderExtensions.UseMongoReminderService(Orleans.Hosting.ISiloBuilder, Action{MongoReminderOptions})"/>.</summary>
    /// <param name="options">Server, database and collection prefix.</param>
    /// <param name="clusterOptions">Gives the service id that scopes the reminders (they outlive cluster ids).</param>
    /// <param name="clients">The process's MongoDB clients.</param>
    /// <remarks>The options are checked at start by <see cref="MongoTableOptionsValidator{TOptions}"/>.</remarks>
    public MongoReminderTable(IOptions<MongoReminderOptions> options, IOptions<ClusterOptions> clusterOptions, MongoClients clients)
    {
        var settings = options.Value;
        _serviceId = clusterOptions.Value.ServiceId;
        // Connected at first use, not when Orleans builds the provider: a silo builds it before running the
        // configuration validators, which name a bad option better than the driver's exception would.
        _reminders = new(() => clients.For(settings.ConnectionString, settings.CaFile).GetDatabase(settings.Database)
            .GetCollection<BsonDocument>(settings.CollectionPrefix + "reminders"));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) =>
        _reminders.Value.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(ReminderRow.Service).Ascending(ReminderRow.Hash)),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(ReminderRow.Service).Ascending(ReminderRow.Grain)),
        ], cancellationToken);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        ReadAsync(Filters.Eq(ReminderRow.Service, _serviceId) & Filters.Eq(ReminderRow.Grain, grainId.ToString()), cancellationToken);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc />
    /// <remarks>The range is (begin, end] on the hash ring; when <paramref name="begin"/> is not below
    /// <paramref name="end"/> it wraps past <see cref="uint.MaxValue"/> to zero.</remarks>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var above = Filters.Gt(ReminderRow.Hash, (long)begin);
        var upTo = Filters.Lte(ReminderRow.Hash, (long)end);
        var range = begin < end ? above & upTo : above | upTo;
        return ReadAsync(Filters.Eq(ReminderRow.Service, _serviceId) & range, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var row = await _reminders.Value.Find(ById(grainId, reminderName)).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ReminderRow.Read(row);
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N");
        await _reminders.Value.ReplaceOneAsync(
            ById(entry.GrainId, entry.ReminderName), ReminderRow.Create(_serviceId, entry, etag), new ReplaceOptions { IsUpsert = true }, cancellationToken);
        return etag;
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        var result = await _reminders.Value.DeleteOneAsync(ById(grainId, reminderName) & Filters.Eq(ReminderRow.ETag, eTag), cancellationToken);
        return result.DeletedCount == 1;
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc />
    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        _reminders.Value.DeleteManyAsync(Filters.Eq(ReminderRow.Service, _serviceId), cancellationToken);

    private FilterDefinition<BsonDocument> ById(GrainId grainId, string reminderName) =>
        Filters.Eq("_id", ReminderRow.IdOf(_serviceId, grainId, reminderName));

    private async Task<ReminderTableData> ReadAsync(FilterDefinition<BsonDocument> filter, CancellationToken cancellationToken)
    {
        var rows = await _reminders.Value.Find(filter).ToListAsync(cancellationToken);
        return new ReminderTableData(rows.Select(ReminderRow.Read));
    }
}
