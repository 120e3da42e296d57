using Lad.Grains.Clustering;
using Lad.Grains.Mongo;
using Lad.Grains.Reminders;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Lad.Integration.Tests.Mongo;

/// <summary>The providers' <c>CancellationToken</c> overloads hand the token to the MongoDB driver: a call waiting for a
/// server that does not answer stops when the token is cancelled, and a cancelled write writes nothing.</summary>
public sealed class MongoProviderCancellationTests(MongoServerFixture server) : IDisposable
{
    // Without the token a call would wait this long for the server and fail with a TimeoutException instead.
    private const int ServerSelectionMs = 120_000;

    private readonly MongoClients _clients = new();
    private readonly string _unreachable = $"mongodb://127.0.0.1:{SiloProcess.FreePort()}/?directConnection=true&serverSelectionTimeoutMS={ServerSelectionMs}";

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task ACancelledReminderReadStopsWaitingForTheServer()
    {
        var table = Reminders(_unreachable, "svc");

        using var soon = CancelSoon();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.ReadRows(GrainId.Create("counter", "a"), soon.Token));
    }

    [Fact]
    public async Task ACancelledMembershipReadStopsWaitingForTheServer()
    {
        var table = Membership(_unreachable);

        using var soon = CancelSoon();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.ReadAllAsync(soon.Token));
    }

    [Fact]
    public async Task ACancelledGatewayListReadStopsWaitingForTheServer()
    {
        var gateways = new MongoGatewayListProvider(
            Options.Create(new MongoClusteringOptions { ConnectionString = _unreachable }),
            Options.Create(new ClusterOptions { ClusterId = "c1", ServiceId = "svc" }),
            Options.Create(new GatewayOptions()),
            _clients);

        using var soon = CancelSoon();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateways.GetGatewaysAsync(soon.Token));
    }

    [Fact]
    public async Task ACancelledReminderWriteWritesNothing()
    {
        _ = server.Client; // skips when no MongoDB is available
        var table = Reminders(server.ConnectionString, "svc-" + Guid.NewGuid().ToString("N")[..8]);
        var grain = GrainId.Create("counter", "a");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.UpsertRow(
            new ReminderEntry { GrainId = grain, ReminderName = "tick", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) }, cancelled.Token));

        Assert.Null(await table.ReadRow(grain, "tick", TestContext.Current.CancellationToken));
    }

    private static CancellationTokenSource CancelSoon()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromMilliseconds(300));
        return source;
    }

    private MongoReminderTable Reminders(string connectionString, string serviceId) => new(
        Options.Create(new MongoReminderOptions { ConnectionString = connectionString, Database = MongoServerFixture.NewDatabaseName("cancel") }),
        Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "c1" }),
        _clients);

    private MongoMembershipTable Membership(string connectionString) => new(
        Options.Create(new MongoClusteringOptions { ConnectionString = connectionString, Database = MongoServerFixture.NewDatabaseName("cancel") }),
        Options.Create(new ClusterOptions { ServiceId = "svc", ClusterId = "c1" }),
        _clients,
        NullLogger<MongoMembershipTable>.Instance);
}
