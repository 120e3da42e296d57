using Lad.Grains.Clustering;
using Lad.Grains.Mongo;
using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Reminders;

public sealed class MongoReminderTableTests(MongoServerFixture server) : IDisposable
{
    private readonly string _database = MongoServerFixture.NewDatabaseName("reminders");
    private readonly MongoClients _clients = new();

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task UpsertReadAndReadByGrain()
    {
        var table = await CreateAsync();
        var grain = GrainId.Create("counter", "a");
        var start = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(3);

        var etag1 = await table.UpsertRow(Entry(grain, "tick", start, TimeSpan.FromSeconds(90)), TestContext.Current.CancellationToken);
        await table.UpsertRow(Entry(grain, "tock", start, TimeSpan.FromMinutes(5)), TestContext.Current.CancellationToken);
        await table.UpsertRow(Entry(GrainId.Create("counter", "b"), "tick", start, TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        var etag2 = await table.UpsertRow(Entry(grain, "tick", start, TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);
        var row = await table.ReadRow(grain, "tick", TestContext.Current.CancellationToken);
        var ofGrain = await table.ReadRows(grain, TestContext.Current.CancellationToken);

        Assert.NotNull(row);
        Assert.NotEqual(etag1, etag2);
        Assert.Equal(etag2, row.ETag);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(start, row.StartAt);
        Assert.Equal(TimeSpan.FromSeconds(30), row.Period);
        Assert.Equal(["tick", "tock"], ofGrain.Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grain, "absent", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RangeQueriesFollowTheRingIncludingWrapAround()
    {
        var table = await CreateAsync();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("ring", i.ToString())).OrderBy(g => g.GetUniformHashCode()).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r", DateTime.UtcNow, TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();
        var low = hashes[9];
        var high = hashes[29];

        var inside = await table.ReadRows(low, high, TestContext.Current.CancellationToken);      // (low, high]: grains 10..29
        var wrapped = await table.ReadRows(high, low, TestContext.Current.CancellationToken);     // (high, max] and [0, low]: grains 30..39 and 0..9
        var whole = await table.ReadRows(low, low, TestContext.Current.CancellationToken);        // begin == end wraps all the way round

        Assert.Equal(grains[10..30], inside.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        Assert.Equal([.. grains[..10], .. grains[30..]], wrapped.Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()));
        Assert.Equal(40, whole.Reminders.Count);
    }

    [Fact]
    public async Task RemoveRequiresTheCurrentETag()
    {
        var table = await CreateAsync();
        var grain = GrainId.Create("counter", "a");
        var first = await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        var second = await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(2)), TestContext.Current.CancellationToken);

        var stale = await table.RemoveRow(grain, "tick", first!, TestContext.Current.CancellationToken);
        var stillThere = await table.ReadRow(grain, "tick", TestContext.Current.CancellationToken);
        var current = await table.RemoveRow(grain, "tick", second!, TestContext.Current.CancellationToken);
        var again = await table.RemoveRow(grain, "tick", second!, TestContext.Current.CancellationToken);

        Assert.False(stale);
        Assert.NotNull(stillThere);
        Assert.True(current);
        Assert.False(again);
        Assert.Null(await table.ReadRow(grain, "tick", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ClearTableRemovesOnlyThisServicesReminders()
    {
        var mine = await CreateAsync("svc-a");
        var other = await CreateAsync("svc-b");
        var grain = GrainId.Create("counter", "a");
        await mine.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        await other.UpsertRow(Entry(grain, "tick", DateTime.UtcNow, TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);

        await mine.TestOnlyClearTable(TestContext.Current.CancellationToken);

        Assert.Empty((await mine.ReadRows(grain, TestContext.Current.CancellationToken)).Reminders);
        Assert.Single((await other.ReadRows(grain, TestContext.Current.CancellationToken)).Reminders);
    }

    [Fact]
    public void InvalidOptionsAreReportedForTheReminderProvider()
    {
        var validator = new MongoTableOptionsValidator<MongoReminderOptions>(
            Options.Create(new MongoReminderOptions { ConnectionString = "", Database = "" }), "MongoDB reminders");

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Equal("MongoDB reminders: MongoReminderOptions.ConnectionString is empty; MongoReminderOptions.Database is empty.", error.Message);
    }

    private async Task<MongoReminderTable> CreateAsync(string serviceId = "svc")
    {
        _ = server.Client; // skips when no server is available
        var table = new MongoReminderTable(
            Options.Create(new MongoReminderOptions { ConnectionString = server.ConnectionString, Database = _database }),
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "c1" }),
            _clients);
        await table.StartAsync(TestContext.Current.CancellationToken);
        return table;
    }

    private static ReminderEntry Entry(GrainId grain, string name, DateTime start, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = start, Period = period };
}
