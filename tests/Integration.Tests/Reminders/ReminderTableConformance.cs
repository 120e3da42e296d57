using Lad.Grains.Mongo;
using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Reminders;

/// <summary>
/// What Orleans asks of a reminder table (the cases of its ReminderTableTestsBase: ETags per upsert, point and
/// per-grain reads, identity by grain and name with any characters, removal by ETag, ring range reads with the
/// exclusive start, the unsigned boundary and wrap-around, parallel upserts, service scoping) run against
/// <see cref="MongoReminderTable"/> on one server.
/// </summary>
/// <param name="server">The server the concrete class pins: jongodb, or the real MongoDB of <c>LAD_TEST_MONGODB_URI</c>.</param>
public abstract class ReminderTableConformance(MongoServerFixture server) : IDisposable
{
    private readonly string _database = MongoServerFixture.NewDatabaseName("reminders");
    private readonly MongoClients _clients = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Disposes the client the test's tables shared.</summary>
    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task StartIsIdempotentAndAnUnknownGrainHasNoReminders()
    {
        var table = await CreateAsync();
        await table.StartAsync(Cancel);

        var none = await table.ReadRows(GrainId.Create("counter", "nobody"), Cancel);

        Assert.Empty(none.Reminders);
        Assert.False(await table.RemoveRow(GrainId.Create("counter", "nobody"), "tick", "any-etag", Cancel));
    }

    [Fact]
    public async Task GrainKeysReminderNamesAndServiceIdsWithAnyCharactersStayApart()
    {
        var table = await CreateAsync("svc/x");
        var neighbour = await CreateAsync("svc");
        var start = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        // Pairs that read the same when grain id, name and service are joined with '/'.
        var nested = GrainId.Create("ring", "a/b");
        var outer = GrainId.Create("ring", "a");
        var cyrillic = GrainId.Create("ring", "ключ %2F ü");

        var nestedETag = await table.UpsertRow(Entry(nested, "c", start, TimeSpan.FromMinutes(1)), Cancel);
        var outerETag = await table.UpsertRow(Entry(outer, "b/c", start, TimeSpan.FromMinutes(2)), Cancel);
        await table.UpsertRow(Entry(cyrillic, "напоминание/%2F", start, TimeSpan.FromMinutes(3)), Cancel);
        await neighbour.UpsertRow(Entry(GrainId.Create("x/ring", "a/b"), "c", start, TimeSpan.FromMinutes(4)), Cancel);

        Assert.Equal(TimeSpan.FromMinutes(1), (await table.ReadRow(nested, "c", Cancel))?.Period);
        Assert.Equal(TimeSpan.FromMinutes(2), (await table.ReadRow(outer, "b/c", Cancel))?.Period);
        Assert.Equal(TimeSpan.FromMinutes(3), (await table.ReadRow(cyrillic, "напоминание/%2F", Cancel))?.Period);
        Assert.Equal("напоминание/%2F", Assert.Single((await table.ReadRows(cyrillic, Cancel)).Reminders).ReminderName);
        Assert.Equal(3, (await table.ReadRows(0, 0, Cancel)).Reminders.Count);
        Assert.Single((await neighbour.ReadRows(0, 0, Cancel)).Reminders);
        Assert.True(await table.RemoveRow(nested, "c", nestedETag!, Cancel));
        Assert.Equal(outerETag, (await table.ReadRow(outer, "b/c", Cancel))?.ETag);
    }

    [Fact]
    public async Task ConcurrentUpsertsOfOneReminderGiveDistinctETagsAndLeaveOneRow()
    {
        var table = await CreateAsync();
        var grain = GrainId.Create("counter", "busy");

        var etags = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Task.Run(() => table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromSeconds(i)), Cancel))));
        var stored = Assert.Single((await table.ReadRows(grain, Cancel)).Reminders);

        Assert.Equal(10, etags.Distinct().Count());
        Assert.All(etags, etag => Assert.False(string.IsNullOrEmpty(etag)));
        Assert.Contains(stored.ETag, etags);
    }

    [Fact]
    public async Task ParallelUpsertsAcrossGrainsStayIsolated()
    {
        var table = await CreateAsync();
        var grains = Enumerable.Range(0, 20).Select(i => GrainId.Create("counter", $"g{i}")).ToArray();

        await Task.WhenAll(grains.Select((grain, i) => Task.Run(async () =>
        {
            await table.UpsertRow(Entry(grain, "a", DateTime.UtcNow, TimeSpan.FromSeconds(i + 1)), Cancel);
            await table.UpsertRow(Entry(grain, "b", DateTime.UtcNow, TimeSpan.FromMinutes(i + 1)), Cancel);
        })));

        foreach (var (grain, i) in grains.Select((g, i) => (g, i)))
        {
            var rows = (await table.ReadRows(grain, Cancel)).Reminders.OrderBy(r => r.ReminderName).ToList();
            Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName));
            Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
            Assert.Equal([TimeSpan.FromSeconds(i + 1), TimeSpan.FromMinutes(i + 1)], rows.Select(r => r.Period));
        }
    }

    [Fact]
    public async Task RangeReadsOrderHashesAsUnsignedAcrossTheSignBoundary()
    {
        var table = await CreateAsync();
        var grains = Enumerable.Range(0, 60).Select(i => GrainId.Create("ring", $"u{i}")).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r", DateTime.UtcNow, TimeSpan.FromMinutes(1)), Cancel);
        }

        const uint signBoundary = int.MaxValue;
        var upper = await table.ReadRows(signBoundary, uint.MaxValue, Cancel);
        var lower = await table.ReadRows(0, signBoundary, Cancel);
        var almostAll = await table.ReadRows(0, uint.MaxValue, Cancel);

        Assert.Equal(grains.Where(g => g.GetUniformHashCode() > signBoundary).Order(), upper.Reminders.Select(r => r.GrainId).Order());
        Assert.Equal(grains.Where(g => g.GetUniformHashCode() is > 0 and <= signBoundary).Order(), lower.Reminders.Select(r => r.GrainId).Order());
        Assert.NotEmpty(upper.Reminders); // 60 uniform hashes on both sides of 2^31
        Assert.NotEmpty(lower.Reminders);
        Assert.Equal(grains.Count(g => g.GetUniformHashCode() != 0), almostAll.Reminders.Count);
    }

    [Fact]
    public async Task UpsertReadAndReadByGrain()
    {
        var table = await CreateAsync();
        var grain = GrainId.Create("counter", "a");
        var start = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(3);

        var etag1 = await table.UpsertRow(Entry(grain, "tick", start, TimeSpan.FromSeconds(90)), Cancel);
        await table.UpsertRow(Entry(grain, "tock", start, TimeSpan.FromMinutes(5)), Cancel);
        await table.UpsertRow(Entry(GrainId.Create("counter", "b"), "tick", start, TimeSpan.FromMinutes(1)), Cancel);
        var etag2 = await table.UpsertRow(Entry(grain, "tick", start, TimeSpan.FromSeconds(30)), Cancel);
        var row = await table.ReadRow(grain, "tick", Cancel);
        var ofGrain = await table.ReadRows(grain, Cancel);

        Assert.NotNull(row);
        Assert.False(string.IsNullOrEmpty(etag1));
        Assert.NotEqual(etag1, etag2);
        Assert.Equal(etag2, row.ETag);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(start, row.StartAt);
        Assert.Equal(TimeSpan.FromSeconds(30), row.Period);
        Assert.Equal(["tick", "tock"], ofGrain.Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grain, "absent", Cancel));
    }

    [Fact]
    public async Task RangeQueriesFollowTheRingIncludingWrapAround()
    {
        var table = await CreateAsync();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("ring", i.ToString())).OrderBy(g => g.GetUniformHashCode()).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r", DateTime.UtcNow, TimeSpan.FromMinutes(1)), Cancel);
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();
        var low = hashes[9];
        var high = hashes[29];

        var inside = await table.ReadRows(low, high, Cancel);      // (low, high]: grains 10..29
        var wrapped = await table.ReadRows(high, low, Cancel);     // (high, max] and [0, low]: grains 30..39 and 0..9
        var whole = await table.ReadRows(low, low, Cancel);        // begin == end wraps all the way round

        Assert.Equal(grains[10..30], inside.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        Assert.Equal([.. grains[..10], .. grains[30..]], wrapped.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        Assert.Equal(40, whole.Reminders.Count);
    }

    [Fact]
    public async Task RemoveRequiresTheCurrentETag()
    {
        var table = await CreateAsync();
        var grain = GrainId.Create("counter", "a");
        var first = await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)), Cancel);
        var second = await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(2)), Cancel);

        var stale = await table.RemoveRow(grain, "tick", first!, Cancel);
        var stillThere = await table.ReadRow(grain, "tick", Cancel);
        var current = await table.RemoveRow(grain, "tick", second!, Cancel);
        var again = await table.RemoveRow(grain, "tick", second!, Cancel);

        Assert.False(stale);
        Assert.NotNull(stillThere);
        Assert.True(current);
        Assert.False(again);
        Assert.Null(await table.ReadRow(grain, "tick", Cancel));
        Assert.Empty((await table.ReadRows(grain, Cancel)).Reminders);
        Assert.Empty((await table.ReadRows(0, 0, Cancel)).Reminders);
    }

    [Fact]
    public async Task ClearTableRemovesOnlyThisServicesReminders()
    {
        var mine = await CreateAsync("svc-a");
        var other = await CreateAsync("svc-b");
        var grain = GrainId.Create("counter", "a");
        await mine.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)), Cancel);
        await other.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)), Cancel);

        await mine.TestOnlyClearTable(Cancel);

        Assert.Empty((await mine.ReadRows(grain, Cancel)).Reminders);
        Assert.Single((await other.ReadRows(grain, Cancel)).Reminders);
    }

    private async Task<MongoReminderTable> CreateAsync(string serviceId = "svc")
    {
        _ = server.Client; // skips when no server is available
        var table = new MongoReminderTable(
            Options.Create(new MongoReminderOptions { ConnectionString = server.ConnectionString, Database = _database }),
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "c1" }),
            _clients);
        await table.StartAsync(Cancel);
        return table;
    }

    private static ReminderEntry Entry(GrainId grain, string name, DateTime start, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = start, Period = period };
}
