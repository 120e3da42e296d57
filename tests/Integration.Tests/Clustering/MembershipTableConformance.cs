using Lad.Grains.Clustering;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Runtime;

namespace Lad.Integration.Tests.Clustering;

/// <summary>
/// What Orleans asks of a membership table (the cases of its MembershipTableTestsBase: empty reads, inserts and
/// updates against table-version and row ETags, parallel writers, IAmAlive, defunct-silo cleanup, gateway listing)
/// plus our table's own recovery and error cases, run against <see cref="MongoMembershipTable"/> on one server.
/// </summary>
/// <param name="server">The server the concrete class pins: jongodb, or the real MongoDB of <c>LAD_TEST_MONGODB_URI</c>.</param>
public abstract class MembershipTableConformance(MongoServerFixture server) : IDisposable
{
    private readonly MembershipTableHarness _harness = new(server);

    // The *Async overloads are the ones Orleans calls; the older ones only forward to them.
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Disposes the client the test's tables shared.</summary>
    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task EmptyTableReadsVersionZeroWithAnETagAndNoRows()
    {
        var table = await _harness.CreateAsync();

        var all = await table.ReadAllAsync(Cancel);
        var one = await table.ReadRowAsync(MembershipTableHarness.Entry(100).SiloAddress, Cancel);

        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
        Assert.False(string.IsNullOrEmpty(all.Version.VersionEtag));
        Assert.Empty(one.Members);
        Assert.Equal(all.Version, one.Version);
    }

    [Fact]
    public async Task ReadRowGivesOneSiloAndTheCurrentVersion()
    {
        var table = await _harness.CreateAsync();
        var first = MembershipTableHarness.Entry(100);
        var second = MembershipTableHarness.Entry(101);
        Assert.True(await table.InsertRowAsync(first, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        Assert.True(await table.InsertRowAsync(second, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        var row = await table.ReadRowAsync(second.SiloAddress, Cancel);
        var absent = await table.ReadRowAsync(MembershipTableHarness.Entry(102).SiloAddress, Cancel);

        Assert.Equal(2, row.Version.Version);
        Assert.Equal(second.SiloAddress, Assert.Single(row.Members).Item1.SiloAddress);
        Assert.Empty(absent.Members);
        Assert.Equal(row.Version, absent.Version);
    }

    [Fact]
    public async Task InsertBumpsTheVersionAndRoundTripsTheEntry()
    {
        var table = await _harness.CreateAsync();
        var empty = await table.ReadAllAsync(Cancel);
        var entry = MembershipTableHarness.Entry(100);
        entry.SuspectTimes = [Tuple.Create(MembershipTableHarness.Entry(200).SiloAddress, new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9))];

        Assert.True(await table.InsertRowAsync(entry, empty.Version.Next(), Cancel));
        var after = await table.ReadAllAsync(Cancel);

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
        var v0 = (await table.ReadAllAsync(Cancel)).Version;
        Assert.True(await table.InsertRowAsync(MembershipTableHarness.Entry(100), v0.Next(), Cancel));

        var staleInsert = await table.InsertRowAsync(MembershipTableHarness.Entry(101), v0.Next(), Cancel);
        var after = await table.ReadAllAsync(Cancel);

        Assert.False(staleInsert);
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task DuplicateInsertAndWrongRowETagAreRejected()
    {
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var v1 = await table.ReadAllAsync(Cancel);

        var duplicate = await table.InsertRowAsync(entry, v1.Version.Next(), Cancel);
        entry.Status = SiloStatus.Active;
        var wrongRow = await table.UpdateRowAsync(entry, "not-the-etag", v1.Version.Next(), Cancel);
        var missingRow = await table.UpdateRowAsync(MembershipTableHarness.Entry(999, SiloStatus.Active), v1.Members[0].Item2, v1.Version.Next(), Cancel);
        var unchanged = await table.ReadAllAsync(Cancel);

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
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var v1 = await table.ReadAllAsync(Cancel);

        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(entry, v1.Members[0].Item2, v1.Version.Next(), Cancel));
        var v2 = await table.ReadRowAsync(entry.SiloAddress, Cancel);

        Assert.Equal(2, v2.Version.Version);
        Assert.Equal(SiloStatus.Active, v2.Members[0].Item1.Status);
        Assert.NotEqual(v1.Members[0].Item2, v2.Members[0].Item2);
        Assert.False(await table.UpdateRowAsync(entry, v1.Members[0].Item2, v2.Version.Next(), Cancel)); // the old row ETag is spent
    }

    [Fact]
    public async Task UpdateWithTheRowsETagButAStaleVersionIsRejected()
    {
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100);
        entry.SuspectTimes = [Tuple.Create(MembershipTableHarness.Entry(200).SiloAddress, DateTime.UtcNow)];
        var insertedWith = (await table.ReadAllAsync(Cancel)).Version.Next();
        Assert.True(await table.InsertRowAsync(entry, insertedWith, Cancel));
        var v1 = await table.ReadAllAsync(Cancel);
        var rowETag = v1.Members[0].Item2;

        entry.Status = SiloStatus.Active;
        var withTheInsertsVersion = await table.UpdateRowAsync(entry, rowETag, insertedWith, Cancel);
        var after = await table.ReadAllAsync(Cancel);

        Assert.False(withTheInsertsVersion);
        Assert.Equal(v1.Version, after.Version);
        Assert.Equal(rowETag, after.Members[0].Item2);
        Assert.True(await table.UpdateRowAsync(entry, rowETag, after.Version.Next(), Cancel));
        var updated = Assert.Single((await table.ReadAllAsync(Cancel)).Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Equal(entry.SuspectTimes, updated.SuspectTimes);
    }

    [Fact]
    public async Task ParallelInsertsAndUpdatesOfOneRowThroughOneTableEachLandOnce()
    {
        const int writers = 12;
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100);
        var v0 = (await table.ReadAllAsync(Cancel)).Version;

        var inserts = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => table.InsertRowAsync(entry, v0.Next(), Cancel))));
        await Task.WhenAll(Enumerable.Range(0, writers - 1).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var snapshot = await table.ReadAllAsync(Cancel);
                var (row, etag) = snapshot.TryGet(entry.SiloAddress)!;
                row.UpdateZone++;
                if (await table.UpdateRowAsync(row, etag, snapshot.Version.Next(), Cancel))
                {
                    return;
                }
            }
        })));
        var final = await table.ReadAllAsync(Cancel);

        Assert.Equal(1, inserts.Count(ok => ok));
        Assert.Equal(writers, final.Version.Version);
        Assert.Equal(writers - 1, Assert.Single(final.Members).Item1.UpdateZone);
    }

    [Fact]
    public async Task OfConcurrentWritersHoldingOneVersionExactlyOneWins()
    {
        var first = await _harness.CreateAsync();
        var second = await _harness.CreateAsync();
        var v0 = (await first.ReadAllAsync(Cancel)).Version;

        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).InsertRowAsync(MembershipTableHarness.Entry(100 + i), v0.Next(), Cancel)));
        var after = await first.ReadAllAsync(Cancel);

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
            while (!await own.InsertRowAsync(entry, (await own.ReadAllAsync(Cancel)).Version.Next(), Cancel))
            {
            }

            for (var done = 0; done < updatesEach;)
            {
                var snapshot = await own.ReadAllAsync(Cancel);
                lock (imbalances)
                {
                    imbalances.Add(snapshot.Version.Version - snapshot.Members.Count - snapshot.Members.Sum(m => m.Item1.UpdateZone));
                }

                var mine = snapshot.TryGet(entry.SiloAddress);
                mine!.Item1.UpdateZone++;
                if (await own.UpdateRowAsync(mine.Item1, mine.Item2, snapshot.Version.Next(), Cancel))
                {
                    done++;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(WriteAsync));
        var final = await table.ReadAllAsync(Cancel);

        Assert.Equal(writers * (1 + updatesEach), final.Version.Version);
        Assert.All(final.Members, m => Assert.Equal(updatesEach, m.Item1.UpdateZone));
        Assert.All(imbalances, imbalance => Assert.Equal(0, imbalance));
        Assert.True(imbalances.Count >= writers * updatesEach);
    }

    [Fact]
    public async Task WriteOfACrashedWriterIsCompletedByTheNextReader()
    {
        var table = await _harness.CreateAsync();
        var v0 = (await table.ReadAllAsync(Cancel)).Version;
        Assert.True(await table.InsertRowAsync(MembershipTableHarness.Entry(100), v0.Next(), Cancel));
        var v1 = await table.ReadAllAsync(Cancel);

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
            cancellationToken: Cancel);

        var staleWrite = await table.InsertRowAsync(MembershipTableHarness.Entry(400), v1.Version.Next(), Cancel);
        var recovered = await table.ReadAllAsync(Cancel);

        Assert.False(staleWrite);
        Assert.Equal(new TableVersion(2, "crashed-version"), recovered.Version);
        Assert.Equal(["crashed", "silo100"], recovered.Members.Select(m => m.Item1.SiloName).Order());
        var version = await _harness.Versions.Find(Builders<BsonDocument>.Filter.Eq("_id", "c1")).SingleAsync(Cancel);
        Assert.True(version["pending"].IsBsonNull);
        Assert.True(await table.InsertRowAsync(MembershipTableHarness.Entry(400), recovered.Version.Next(), Cancel));
    }

    [Fact]
    public async Task IAmAliveChangesOnlyTheHeartbeat()
    {
        var table = await _harness.CreateAsync();
        var entry = MembershipTableHarness.Entry(100, SiloStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await table.ReadAllAsync(Cancel);

        var beat = new DateTime(2026, 1, 1, 0, 0, 7, DateTimeKind.Utc);
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = beat }, Cancel);
        var after = await table.ReadAllAsync(Cancel);

        Assert.Equal(beat, after.Members[0].Item1.IAmAliveTime);
        Assert.Equal(entry.StartTime, after.Members[0].Item1.StartTime);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members[0].Item2, after.Members[0].Item2);
        Assert.True(await table.UpdateRowAsync(entry, before.Members[0].Item2, before.Version.Next(), Cancel)); // earlier reads stay usable
    }

    [Fact]
    public async Task CleanupRemovesOnlyDeadSilosOlderThanTheCutoff()
    {
        var table = await _harness.CreateAsync();
        var old = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var recent = old.AddDays(10);
        var oldDead = MembershipTableHarness.Entry(100, SiloStatus.Dead, old);
        var recentDead = MembershipTableHarness.Entry(101, SiloStatus.Dead, recent);
        var oldDeadButVoted = MembershipTableHarness.Entry(102, SiloStatus.Dead, old);
        oldDeadButVoted.SuspectTimes = [Tuple.Create(recentDead.SiloAddress, recent)];
        var oldOfEveryLiveStatus = Enum.GetValues<SiloStatus>()
            .Where(status => status is not SiloStatus.None and not SiloStatus.Dead)
            .Select((status, i) => MembershipTableHarness.Entry(200 + i, status, old))
            .ToList();
        foreach (var entry in oldOfEveryLiveStatus.Prepend(oldDeadButVoted).Prepend(recentDead).Prepend(oldDead))
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        }

        var before = await table.ReadAllAsync(Cancel);
        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(old.AddDays(5)), Cancel);
        var left = await table.ReadAllAsync(Cancel);
        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(old.AddDays(5)), Cancel);
        var again = await table.ReadAllAsync(Cancel);

        Assert.Equal(
            oldOfEveryLiveStatus.Select(e => e.SiloName).Append("silo101").Append("silo102").Order(),
            left.Members.Select(m => m.Item1.SiloName).Order());
        Assert.Equal(before.Version, left.Version); // cleanup is no membership change
        Assert.Equal(left.Version, again.Version);
        Assert.Equal(left.Members.Select(m => m.Item2).Order(), again.Members.Select(m => m.Item2).Order());
    }

    [Fact]
    public async Task DeleteEntriesRemovesOneClusterOnly()
    {
        var mine = await _harness.CreateAsync("c1");
        var other = await _harness.CreateAsync("c2");
        Assert.True(await mine.InsertRowAsync(MembershipTableHarness.Entry(100), (await mine.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        Assert.True(await other.InsertRowAsync(MembershipTableHarness.Entry(100), (await other.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        await mine.DeleteMembershipTableEntriesAsync("c1", Cancel);

        Assert.Empty((await mine.ReadAllAsync(Cancel)).Members);
        Assert.Single((await other.ReadAllAsync(Cancel)).Members);
        Assert.Equal(1, (await other.ReadAllAsync(Cancel)).Version.Version);
    }

    [Fact]
    public async Task GatewayListHoldsActiveSilosWithAProxyPort()
    {
        var table = await _harness.CreateAsync();
        var activeWithoutGateway = MembershipTableHarness.Entry(104, SiloStatus.Active);
        activeWithoutGateway.ProxyPort = 0;
        foreach (var entry in new[]
                 {
                     MembershipTableHarness.Entry(100, SiloStatus.Active), MembershipTableHarness.Entry(101, SiloStatus.Dead),
                     MembershipTableHarness.Entry(102, SiloStatus.Joining), MembershipTableHarness.Entry(103, SiloStatus.Active),
                     MembershipTableHarness.Entry(105, SiloStatus.ShuttingDown), activeWithoutGateway,
                 })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        }

        var gateways = _harness.CreateGatewayList();
        var uris = await gateways.GetGatewaysAsync(Cancel);

        Assert.Equal(["gwy.tcp://127.0.0.1:1100/42", "gwy.tcp://127.0.0.1:1103/42"], uris.Select(u => u.ToString()).Order());
    }

    [Fact]
    public async Task MalformedRowIsReportedWithItsIdAndField()
    {
        var table = await _harness.CreateAsync();
        await _harness.Rows.InsertOneAsync(
            new BsonDocument { ["_id"] = "c1/broken", ["cluster"] = "c1", ["etag"] = "e", ["silo"] = "127.0.0.1:1@1", ["status"] = "Active" },
            cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => table.ReadAllAsync(Cancel));

        Assert.StartsWith("Membership row 'c1/broken' is malformed:", error.Message);
    }
}
