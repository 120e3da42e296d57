using Lad.Grains.Clustering;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Runtime;

namespace Lad.Integration.Tests.Clustering;

public sealed class MongoMembershipTableTests(MongoServerFixture server) : IDisposable
{
    private readonly MembershipTableHarness _harness = new(server);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task InsertBumpsTheVersionAndRoundTripsTheEntry()
    {
        var table = await _harness.CreateAsync();
        var empty = await table.ReadAll();
        var entry = MembershipTableHarness.Entry(100);
        entry.SuspectTimes = [Tuple.Create(MembershipTableHarness.Entry(200).SiloAddress, new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9))];

        Assert.True(await table.InsertRow(entry, empty.Version.Next()));
        var after = await table.ReadAll();

        Assert.Equal(0, empty.Version.Version);
        Assert.Empty(empty.Members);
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, after.Version.VersionEtag);
        var (stored, etag) = Assert.Single(after.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.SiloAddress, stored.SiloAddress);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(1100, stored.ProxyPort);
        Assert.Equal("silo100", stored.SiloName);
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(entry.SuspectTimes[0], Assert.Single(stored.SuspectTimes!)); // tick-exact times survive
    }

    [Fact]
    public async Task StaleTableVersionIsRejectedWithoutSideEffects()
    {
        var table = await _harness.CreateAsync();
        var v0 = (await table.ReadAll()).Version;
        Assert.True(await table.InsertRow(MembershipTableHarness.Entry(100), v0.Next()));

        var staleInsert = await table.InsertRow(MembershipTableHarness.Entry(101), v0.Next());
        var after = await table.ReadAll();

        Assert.False(staleInsert);
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task DuplicateInsertAndWrongRowETagAreRejected()
    {
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var v1 = await table.ReadAll();

        var duplicate = await table.InsertRow(entry, v1.Version.Next());
        entry.Status = SiloStatus.Active;
        var wrongRow = await table.UpdateRow(entry, "not-the-etag", v1.Version.Next());
        var missingRow = await table.UpdateRow(MembershipTableHarness.Entry(999, SiloStatus.Active), v1.Members[0].Item2, v1.Version.Next());
        var unchanged = await table.ReadAll();

        Assert.False(duplicate);
        Assert.False(wrongRow);
        Assert.False(missingRow);
        Assert.Equal(v1.Version, unchanged.Version); // refused before the version moved
        Assert.Equal(SiloStatus.Joining, unchanged.Members[0].Item1.Status);
    }

    [Fact]
    public async Task UpdateWithCurrentETagsSucceedsAndIssuesNewETags()
    {
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var v1 = await table.ReadAll();

        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRow(entry, v1.Members[0].Item2, v1.Version.Next()));
        var v2 = await table.ReadRow(entry.SiloAddress);

        Assert.Equal(2, v2.Version.Version);
        Assert.Equal(SiloStatus.Active, v2.Members[0].Item1.Status);
        Assert.NotEqual(v1.Members[0].Item2, v2.Members[0].Item2);
        Assert.False(await table.UpdateRow(entry, v1.Members[0].Item2, v2.Version.Next())); // the old row ETag is spent
    }

    [Fact]
    public async Task OfConcurrentWritersHoldingOneVersionExactlyOneWins()
    {
        var first = await _harness.CreateAsync();
        var second = await _harness.CreateAsync();
        var v0 = (await first.ReadAll()).Version;

        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).InsertRow(MembershipTableHarness.Entry(100 + i), v0.Next())));
        var after = await first.ReadAll();

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(after.Members);
        Assert.Equal(1, after.Version.Version);
    }

    [Fact]
    public async Task SnapshotsStayConsistentUnderContendedWrites()
    {
        const int writers = 6;
        const int updatesEach = 8;
        var table = await _harness.CreateAsync();
        var imbalances = new List<int>();

        // Each successful write bumps the version by one and either adds a row or adds one to a row's UpdateZone,
        // so in every atomic snapshot: version == rows + sum of UpdateZone.
        async Task WriteAsync(int writer)
        {
            var own = await _harness.CreateAsync();
            var entry = MembershipTableHarness.Entry(100 + writer);
            while (!await own.InsertRow(entry, (await own.ReadAll()).Version.Next()))
            {
            }

            for (var done = 0; done < updatesEach;)
            {
                var snapshot = await own.ReadAll();
                lock (imbalances)
                {
                    imbalances.Add(snapshot.Version.Version - snapshot.Members.Count - snapshot.Members.Sum(m => m.Item1.UpdateZone));
                }

                var mine = snapshot.TryGet(entry.SiloAddress);
                mine!.Item1.UpdateZone++;
                if (await own.UpdateRow(mine.Item1, mine.Item2, snapshot.Version.Next()))
                {
                    done++;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(WriteAsync));
        var final = await table.ReadAll();

        Assert.Equal(writers * (1 + updatesEach), final.Version.Version);
        Assert.All(final.Members, m => Assert.Equal(updatesEach, m.Item1.UpdateZone));
        Assert.All(imbalances, imbalance => Assert.Equal(0, imbalance));
        Assert.True(imbalances.Count >= writers * updatesEach);
    }

    [Fact]
    public async Task WriteOfACrashedWriterIsCompletedByTheNextReader()
    {
        var table = await _harness.CreateAsync();
        var v0 = (await table.ReadAll()).Version;
        Assert.True(await table.InsertRow(MembershipTableHarness.Entry(100), v0.Next()));
        var v1 = await table.ReadAll();

        // What a writer leaves when it dies after committing the version but before writing the row.
        var row = new BsonDocument
        {
            ["_id"] = $"c1/{MembershipTableHarness.Entry(300).SiloAddress.ToParsableString()}", ["cluster"] = "c1", ["etag"] = "crashed-row",
            ["silo"] = MembershipTableHarness.Entry(300).SiloAddress.ToParsableString(), ["status"] = (int)SiloStatus.Joining, ["suspects"] = new BsonArray(),
            ["proxy_port"] = 1300, ["host"] = "h", ["name"] = "crashed", ["role"] = "", ["update_zone"] = 0, ["fault_zone"] = 0,
            ["start"] = DateTime.UtcNow.Ticks, ["alive"] = DateTime.UtcNow.Ticks,
        };
        await _harness.Versions.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", "c1"),
            Builders<BsonDocument>.Update.Set("version", 2).Set("etag", "crashed-version")
                .Set("pending", new BsonDocument { ["op"] = "op1", ["row"] = row, ["expected_etag"] = BsonNull.Value }),
            cancellationToken: TestContext.Current.CancellationToken);

        var staleWrite = await table.InsertRow(MembershipTableHarness.Entry(400), v1.Version.Next());
        var recovered = await table.ReadAll();

        Assert.False(staleWrite);
        Assert.Equal(new TableVersion(2, "crashed-version"), recovered.Version);
        Assert.Equal(["crashed", "silo100"], recovered.Members.Select(m => m.Item1.SiloName).Order());
        var version = await _harness.Versions.Find(Builders<BsonDocument>.Filter.Eq("_id", "c1")).SingleAsync(TestContext.Current.CancellationToken);
        Assert.True(version["pending"].IsBsonNull);
        Assert.True(await table.InsertRow(MembershipTableHarness.Entry(400), recovered.Version.Next()));
    }

    [Fact]
    public async Task IAmAliveChangesOnlyTheHeartbeat()
    {
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100, SiloStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var before = await table.ReadAll();

        var beat = new DateTime(2026, 1, 1, 0, 0, 7, DateTimeKind.Utc);
        await table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = beat });
        var after = await table.ReadAll();

        Assert.Equal(beat, after.Members[0].Item1.IAmAliveTime);
        Assert.Equal(entry.StartTime, after.Members[0].Item1.StartTime);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members[0].Item2, after.Members[0].Item2);
        Assert.True(await table.UpdateRow(entry, before.Members[0].Item2, before.Version.Next())); // earlier reads stay usable
    }

    [Fact]
    public async Task CleanupRemovesOnlyDeadSilosOlderThanTheCutoff()
    {
        var table = await _harness.CreateAsync();
        var old = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var recent = old.AddDays(10);
        var oldDead = MembershipTableHarness.Entry(100, SiloStatus.Dead, old);
        var recentDead = MembershipTableHarness.Entry(101, SiloStatus.Dead, recent);
        var oldActive = MembershipTableHarness.Entry(102, SiloStatus.Active, old);
        var oldDeadButVoted = MembershipTableHarness.Entry(103, SiloStatus.Dead, old);
        oldDeadButVoted.SuspectTimes = [Tuple.Create(oldActive.SiloAddress, recent)];
        foreach (var entry in new[] { oldDead, recentDead, oldActive, oldDeadButVoted })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntries(new DateTimeOffset(old.AddDays(5)));
        var left = await table.ReadAll();

        Assert.Equal(["silo101", "silo102", "silo103"], left.Members.Select(m => m.Item1.SiloName).Order());
    }

    [Fact]
    public async Task DeleteEntriesRemovesOneClusterOnly()
    {
        var mine = await _harness.CreateAsync("c1");
        var other = await _harness.CreateAsync("c2");
        Assert.True(await mine.InsertRow(MembershipTableHarness.Entry(100), (await mine.ReadAll()).Version.Next()));
        Assert.True(await other.InsertRow(MembershipTableHarness.Entry(100), (await other.ReadAll()).Version.Next()));

        await mine.DeleteMembershipTableEntries("c1");

        Assert.Empty((await mine.ReadAll()).Members);
        Assert.Single((await other.ReadAll()).Members);
        Assert.Equal(1, (await other.ReadAll()).Version.Version);
    }

    [Fact]
    public async Task GatewayListHoldsActiveSilosProxyEndpoints()
    {
        var table = await _harness.CreateAsync();
        foreach (var entry in new[] { MembershipTableHarness.Entry(100, SiloStatus.Active), MembershipTableHarness.Entry(101, SiloStatus.Dead), MembershipTableHarness.Entry(102, SiloStatus.Joining), MembershipTableHarness.Entry(103, SiloStatus.Active) })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        var gateways = _harness.CreateGatewayList();
        var uris = await gateways.GetGateways();

        Assert.Equal(["gwy.tcp://127.0.0.1:1100/42", "gwy.tcp://127.0.0.1:1103/42"], uris.Select(u => u.ToString()).Order());
    }

    [Fact]
    public async Task MalformedRowIsReportedWithItsIdAndField()
    {
        var table = await _harness.CreateAsync();
        await _harness.Rows.InsertOneAsync(
            new BsonDocument { ["_id"] = "c1/broken", ["cluster"] = "c1", ["etag"] = "e", ["silo"] = "127.0.0.1:1@1", ["status"] = "Active" },
            cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidDataException>(table.ReadAll);

        Assert.StartsWith("Membership row 'c1/broken' is malformed:", error.Message);
    }

    [Fact]
    public void InvalidOptionsNameEveryProblem()
    {
        var options = new MongoClusteringOptions { ConnectionString = "localhost:27017", Database = "my.db", CollectionPrefix = "x$" };

        var error = Assert.Throws<OrleansConfigurationException>(
            new MongoTableOptionsValidator<MongoClusteringOptions>(Microsoft.Extensions.Options.Options.Create(options), "MongoDB clustering").ValidateConfiguration);

        Assert.Equal(
            "MongoDB clustering: MongoClusteringOptions.ConnectionString must start with mongodb:// or mongodb+srv://; MongoClusteringOptions.Database 'my.db' "
            + "contains a character MongoDB forbids in database names (/\\. \"$); MongoClusteringOptions.CollectionPrefix 'x$' may not contain '$' or start with 'system.'.",
            error.Message);
    }
}
