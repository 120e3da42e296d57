using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Configuration;
using Orleans.Runtime;
using Lad.Grains.Mongo;

namespace Lad.Grains.Clustering;

/// <summary>Orleans' membership table on MongoDB: one document per silo plus one table-version document per cluster id.</summary>
/// <remarks>
/// <para>Orleans requires a row write and the table-version bump to be one atomic step. MongoDB without
/// transactions (and jongodb in its default profile) is atomic per document only, so the version document is
/// the single point of serialisation and carries the row write it commits to:</para>
/// <list type="number">
/// <item>The writer checks the row's ETag (or its absence, for an insert) against what it read.</item>
/// <item>One conditional update on the version document requires the caller's version ETag and no pending
/// write, and sets the new version, a new version ETag and the pending row write. Of two writers holding the
/// same version only one passes; the other gets <c>false</c> before touching any row.</item>
/// <item>The pending write is applied (replace where the row ETag still matches, or insert), then cleared by
/// a second conditional update that names the write's id.</item>
/// </list>
/// <para>Why this is safe: every ETag-changing row write passes step 2, and step 2 refuses while a write is
/// pending, so writes are applied one at a time in version order. When step 2 succeeds no other write happened
/// since the caller's version was current, so the row check of step 1 still holds. A writer that crashes after
/// step 2 leaves its write in the version document; the next reader or writer applies and clears it (applying
/// twice is harmless: the replace filters on the old row ETag, the insert hits the duplicate key). Reads take
/// the version document, the rows, and the version document again, and retry unless it is unchanged with
/// nothing pending, so a snapshot never pairs a version with rows of another version.</para>
/// <para>Outside this protocol: IAmAlive writes touch one field and no ETag (Orleans allows this "dirty
/// write"); defunct-row cleanup deletes only long-dead silos' rows, so a delayed re-application of an insert
/// or a late vote on such a row are the only writes that can be lost or resurrected.</para>
/// </remarks>
public sealed partial class MongoMembershipTable : IMembershipTable
{
    private const int MaxSnapshotAttempts = 20;

    private readonly string _clusterId;
    private readonly ILogger<MongoMembershipTable> _logger;
    private readonly Lazy<IMongoCollection<BsonDocument>> _rows;
    private readonly Lazy<IMongoCollection<BsonDocument>> _versions;

    /// <summary>Creates the table; prefer <see cref="MongoClusteringExtensions.UseMongoClustering(Orleans.Hosting.ISiloBuilder, Action{MongoClusteringOptions})"/>.</summary>
    /// <param name="options">Server, database and collection prefix.</param>
    /// <param name="clusterOptions">Gives the cluster id that scopes the rows.</param>
    /// <param name="clients">The process's MongoDB clients.</param>
    /// <param name="logger">Logs conflicts and recovered writes.</param>
    /// <remarks>The options are checked at start by <see cref="MongoTableOptionsValidator{TOptions}"/>.</remarks>
    public MongoMembershipTable(
        IOptions<MongoClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, MongoClients clients, ILogger<MongoMembershipTable> logger)
    {
        var settings = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        _logger = logger;
        // Connected at first use, not when Orleans builds the provider: a silo builds it before running the
        // configuration validators, which name a bad option better than the driver's exception would.
        var database = new Lazy<IMongoDatabase>(() => clients.For(settings.ConnectionString, settings.CaFile).GetDatabase(settings.Database));
        _rows = new(() => database.Value.GetCollection<BsonDocument>(settings.CollectionPrefix + "membership"));
        _versions = new(() => database.Value.GetCollection<BsonDocument>(settings.CollectionPrefix + "membership_versions"));
    }

    // Orleans calls the *Async overloads, which take its token; the older ones the interface still declares forward to
    // them. The token reaches every driver call: a cancelled call stops waiting for MongoDB. A write cancelled after
    // its version step leaves its row write pending, and the next reader or writer applies it (see the remarks).

    /// <inheritdoc />
    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    /// <inheritdoc />
    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await _rows.Value.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(MembershipRow.Cluster)), cancellationToken: cancellationToken);
        if (!tryInitTableVersion)
        {
            return;
        }

        try
        {
            await _versions.Value.InsertOneAsync(TableVersionDocument.CreateInitial(_clusterId), cancellationToken: cancellationToken);
        }
        catch (MongoServerException e) when (MongoServerErrors.IsDuplicateKey(e))
        {
            // Another silo created it first; its version stands.
        }
    }

    /// <inheritdoc />
    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    /// <inheritdoc />
    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        await _rows.Value.DeleteManyAsync(Builders<BsonDocument>.Filter.Eq(MembershipRow.Cluster, clusterId), cancellationToken);
        await _versions.Value.DeleteOneAsync(TableVersionDocument.ById(clusterId), cancellationToken);
    }

    /// <inheritdoc />
    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var dead = await _rows.Value.Find(filters.Eq(MembershipRow.Cluster, _clusterId) & filters.Eq(MembershipRow.Status, (int)SiloStatus.Dead))
            .ToListAsync(cancellationToken);
        var removed = 0;
        foreach (var row in dead)
        {
            var (entry, etag) = MembershipRow.Read(row);
            if (LastUpdate(entry) < beforeDate.UtcDateTime)
            {
                var result = await _rows.Value.DeleteOneAsync(filters.Eq("_id", row["_id"]) & filters.Eq(MembershipRow.ETag, etag), cancellationToken);
                removed += (int)result.DeletedCount;
            }
        }

        LogCleanup(_logger, _clusterId, removed, beforeDate);
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        ReadSnapshotAsync(Builders<BsonDocument>.Filter.Eq("_id", MembershipRow.IdOf(_clusterId, key)), cancellationToken);

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        ReadSnapshotAsync(Builders<BsonDocument>.Filter.Eq(MembershipRow.Cluster, _clusterId), cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteRowAsync(entry, null, tableVersion, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteRowAsync(entry, etag, tableVersion, cancellationToken);

    /// <inheritdoc />
    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) =>
        _rows.Value.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", MembershipRow.IdOf(_clusterId, entry.SiloAddress)),
            Builders<BsonDocument>.Update.Set(MembershipRow.IAmAlive, MembershipRow.Ticks(entry.IAmAliveTime)),
            cancellationToken: cancellationToken);

    private async Task<MembershipTableData> ReadSnapshotAsync(FilterDefinition<BsonDocument> rowFilter, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxSnapshotAttempts; attempt++)
        {
            var before = await ReadVersionAsync(cancellationToken);
            if (before is null)
            {
                // Not initialised yet: an empty table whose version no write can match.
                return new MembershipTableData(new TableVersion(0, ""));
            }

            if (!before[TableVersionDocument.Pending].IsBsonNull)
            {
                await CompletePendingAsync(before, cancellationToken);
                continue;
            }

            var rows = await _rows.Value.Find(rowFilter).ToListAsync(cancellationToken);
            var after = await ReadVersionAsync(cancellationToken);
            if (after is not null && after[TableVersionDocument.ETag] == before[TableVersionDocument.ETag] && after[TableVersionDocument.Pending].IsBsonNull)
            {
                var version = new TableVersion(before[TableVersionDocument.Version].ToInt32(), before[TableVersionDocument.ETag].AsString);
                return new MembershipTableData([.. rows.Select(MembershipRow.Read)], version);
            }
        }

        throw new TimeoutException($"Membership table of cluster '{_clusterId}' changed during each of {MaxSnapshotAttempts} read attempts.");
    }

    private async Task<bool> WriteRowAsync(MembershipEntry entry, string? expectedRowETag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var current = await ReadVersionAsync(cancellationToken);
        if (current is not null && !current[TableVersionDocument.Pending].IsBsonNull)
        {
            await CompletePendingAsync(current, cancellationToken);
            current = await ReadVersionAsync(cancellationToken);
        }

        if (current is null || current[TableVersionDocument.ETag].AsString != tableVersion.VersionEtag)
        {
            LogConflict(_logger, _clusterId, entry.SiloAddress, "table version", tableVersion.VersionEtag, current?[TableVersionDocument.ETag].ToString());
            return false;
        }

        var rowId = MembershipRow.IdOf(_clusterId, entry.SiloAddress);
        var stored = await _rows.Value.Find(Builders<BsonDocument>.Filter.Eq("_id", rowId)).FirstOrDefaultAsync(cancellationToken);
        var storedETag = stored?[MembershipRow.ETag].AsString;
        if (storedETag != expectedRowETag)
        {
            LogConflict(_logger, _clusterId, entry.SiloAddress, "row", expectedRowETag, storedETag);
            return false;
        }

        var pending = TableVersionDocument.PendingWrite(MembershipRow.Create(_clusterId, entry, TableVersionDocument.NewETag()), expectedRowETag);
        var newVersionETag = TableVersionDocument.NewETag();
        var filters = Builders<BsonDocument>.Filter;
        var committed = await _versions.Value.UpdateOneAsync(
            TableVersionDocument.ById(_clusterId)
            & filters.Eq(TableVersionDocument.ETag, tableVersion.VersionEtag)
            & filters.Eq(TableVersionDocument.Pending, BsonNull.Value),
            Builders<BsonDocument>.Update
                .Set(TableVersionDocument.Version, tableVersion.Version)
                .Set(TableVersionDocument.ETag, newVersionETag)
                .Set(TableVersionDocument.Pending, pending),
            cancellationToken: cancellationToken);
        if (committed.ModifiedCount != 1)
        {
            LogConflict(_logger, _clusterId, entry.SiloAddress, "table version", tableVersion.VersionEtag, "changed concurrently");
            return false;
        }

        // Committed: the write happens whatever the token says from here (left pending, anyone would apply it anyway).
        await ApplyAsync(pending, newVersionETag, CancellationToken.None);
        return true;
    }

    // Applying is idempotent, so a reader, a later writer and the original writer may all do it.
    private async Task CompletePendingAsync(BsonDocument version, CancellationToken cancellationToken)
    {
        LogCompleting(_logger, _clusterId, version[TableVersionDocument.Version].ToInt32());
        await ApplyAsync(version[TableVersionDocument.Pending].AsBsonDocument, version[TableVersionDocument.ETag].AsString, cancellationToken);
    }

    private async Task ApplyAsync(BsonDocument pending, string versionETag, CancellationToken cancellationToken)
    {
        var row = pending[TableVersionDocument.PendingRow].AsBsonDocument;
        var expected = pending[TableVersionDocument.PendingExpectedETag];
        var filters = Builders<BsonDocument>.Filter;
        if (expected.IsBsonNull)
        {
            try
            {
                await _rows.Value.InsertOneAsync(row, cancellationToken: cancellationToken);
            }
            catch (MongoServerException e) when (MongoServerErrors.IsDuplicateKey(e))
            {
                // Already applied by another party.
            }
        }
        else
        {
            await _rows.Value.ReplaceOneAsync(filters.Eq("_id", row["_id"]) & filters.Eq(MembershipRow.ETag, expected.AsString), row, cancellationToken: cancellationToken);
        }

        await _versions.Value.UpdateOneAsync(
            TableVersionDocument.ById(_clusterId)
            & filters.Eq(TableVersionDocument.ETag, versionETag)
            & filters.Eq(TableVersionDocument.Pending + "." + TableVersionDocument.PendingOp, pending[TableVersionDocument.PendingOp]),
            Builders<BsonDocument>.Update.Set(TableVersionDocument.Pending, BsonNull.Value),
            cancellationToken: cancellationToken);
    }

    // A dead silo's row is still updated by late suspicion votes, so those count as activity too.
    private static DateTime LastUpdate(MembershipEntry entry) =>
        (entry.SuspectTimes ?? []).Select(s => s.Item2).Append(entry.IAmAliveTime).Append(entry.StartTime).Max();

    private Task<BsonDocument?> ReadVersionAsync(CancellationToken cancellationToken) =>
        _versions.Value.Find(TableVersionDocument.ById(_clusterId)).FirstOrDefaultAsync(cancellationToken)!;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {ClusterId}: write of {Silo} refused, {What} ETag expected {Expected}, found {Found}")]
    private static partial void LogConflict(ILogger logger, string clusterId, SiloAddress silo, string what, string? expected, string? found);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {ClusterId}: completing the pending row write of version {Version}")]
    private static partial void LogCompleting(ILogger logger, string clusterId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership {ClusterId}: removed {Count} dead silo rows last updated before {Before}")]
    private static partial void LogCleanup(ILogger logger, string clusterId, int count, DateTimeOffset before);
}
