using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Reminders;

public class MongoReminderTableTests(MongoServerFixture server)
{
    private readonly string _database = MongoServerFixture.NewDatabaseName("reminders");

    [Fact]
    public async Task UpsertReadAndReadByGrain()
    {
        using var table = await CreateAsync();
        var grain = GrainId.Create("counter", "a");
        var start = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(3);

        var etag1 = await table.UpsertRow(Entry(grain, "tick", start, TimeSpan.FromSeconds(90)));
        await table.UpsertRow(Entry(grain, "tock", start, TimeSpan.FromMinutes(5)));
        await table.UpsertRow(Entry(GrainId.Create("counter", "b"), "tick", start, TimeSpan.FromMinutes(1)));
        var etag2 = await table.UpsertRow(Entry(grain, "tick", start, TimeSpan.FromSeconds(30)));
        var row = await table.ReadRow(grain, "tick");
        var ofGrain = await table.ReadRows(grain);

        Assert.NotNull(row);
        Assert.NotEqual(etag1, etag2);
        Assert.Equal(etag2, row.ETag);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(start, row.StartAt);
        Assert.Equal(TimeSpan.FromSeconds(30), row.Period);
        Assert.Equal(["tick", "tock"], ofGrain.Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grain, "absent"));
    }

    [Fact]
    public async Task RangeQueriesFollowTheRingIncludingWrapAround()
    {
        using var table = await CreateAsync();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("ring", i.ToString())).OrderBy(g => g.GetUniformHashCode()).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();
        var low = hashes[9];
        var high = hashes[29];

        var inside = await table.ReadRows(low, high);      // (low, high]: grains 10..29
        var wrapped = await table.ReadRows(high, low);     // (high, max] and [0, low]: grains 30..39 and 0..9
        var whole = await table.ReadRows(low, low);        // begin == end wraps all the way round

        Assert.Equal(grains[10..30], inside.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        Assert.Equal([.. grains[..10], .. grains[30..]], wrapped.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        Assert.Equal(40, whole.Reminders.Count);
    }

    [Fact]
    public async Task RemoveRequiresTheCurrentETag()
    {
        using var table = await CreateAsync();
        var grain = GrainId.Create("counter", "a");
        var first = await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        var second = await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(2)));

        var stale = await table.RemoveRow(grain, "tick", first!);
        var stillThere = await table.ReadRow(grain, "tick");
        var current = await table.RemoveRow(grain, "tick", second!);
        var again = await table.RemoveRow(grain, "tick", second!);

        Assert.False(stale);
        Assert.NotNull(stillThere);
        Assert.True(current);
        Assert.False(again);
        Assert.Null(await table.ReadRow(grain, "tick"));
    }

    [Fact]
    public async Task ClearTableRemovesOnlyThisServicesReminders()
    {
        using var mine = await CreateAsync("svc-a");
        using var other = await CreateAsync("svc-b");
        var grain = GrainId.Create("counter", "a");
        await mine.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        await other.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)));

        await mine.TestOnlyClearTable();

        Assert.Empty((await mine.ReadRows(grain)).Reminders);
        Assert.Single((await other.ReadRows(grain)).Reminders);
    }

    [Fact]
    public void InvalidOptionsAreReportedForTheReminderProvider()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => new MongoReminderTable(
            Options.Create(new MongoReminderOptions { ConnectionString = "", Database = "" }),
            Options.Create(new ClusterOptions())));

        Assert.Equal("MongoDB reminders: ConnectionString is empty; Database is empty.", error.Message);
    }

    private async Task<MongoReminderTable> CreateAsync(string serviceId = "svc")
    {
        _ = server.Client; // skips when no server is available
        var table = new MongoReminderTable(
            Options.Create(new MongoReminderOptions { ConnectionString = server.ConnectionString, Database = _database }),
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "c1" }));
        await table.Init();
        return table;
    }

    private static ReminderEntry Entry(GrainId grain, string name, DateTime start, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = start, Period = period };
}
