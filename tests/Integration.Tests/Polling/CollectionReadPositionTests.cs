using Lad.Grains.Polling;
using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Polling;

public class CollectionReadPositionTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    [Fact]
    public void NewIdsAreGivenToTheirHostsOnceRecordedAndHostlessOnesToNobody()
    {
        var position = new CollectionReadPosition(Lookback, Now);
        var (a1, b1, lost) = (Id(Now.AddSeconds(1)), Id(Now.AddSeconds(2)), Id(Now.AddSeconds(3)));
        ScannedId[] scan = [new(a1, "a"), new(b1, "b"), new(lost, null)];

        var byHost = position.NewIdsByHost(scan);

        Assert.Equal(["a", "b"], byHost.Keys.Order());
        Assert.Equal([a1], byHost["a"]);
        Assert.Equal([a1, b1, lost], position.NewIds(scan));

        // Not recorded (a host did not take its handover): the next scan tells the same again.
        Assert.Equal([a1], position.NewIdsByHost(scan)["a"]);

        position.Record(position.NewIds(scan), Now);
        var a2 = Id(Now.AddSeconds(4));
        var next = position.NewIdsByHost([.. scan, new(a2, "a")]);
        Assert.Equal(["a"], next.Keys);
        Assert.Equal([a2], next["a"]);
    }

    [Fact]
    public void LateIdWithinTheLookBackOfTheCollectionsNewestIsStillNew()
    {
        var position = new CollectionReadPosition(Lookback, Now);
        var newest = Id(Now.AddMinutes(1));
        position.Record([newest], Now.AddMinutes(1));
        var late = Id(Now.AddMinutes(-3));

        Assert.Equal(ObjectIdTime.EarliestAt(Now.AddMinutes(1) - Lookback), position.Floor);
        Assert.Equal([late], position.NewIdsByHost([new(late, "a"), new(newest, "a")])["a"]);
    }

    [Fact]
    public void FirstScanReadsTheLookBackBehindNow()
    {
        var position = new CollectionReadPosition(Lookback, Now);

        Assert.Equal(ObjectIdTime.EarliestAt(Now - Lookback), position.Floor);
    }

    [Fact]
    public void UnorderedFingerprintsNameTheHostsWhoseDocumentsChangedUntilRecorded()
    {
        var position = new CollectionReadPosition(Lookback, Now);
        var first = new Dictionary<string, ulong> { ["a"] = 1, ["b"] = 2 };
        Assert.Equal(["a", "b"], position.ChangedUnordered(first).Order());
        Assert.Equal(["a", "b"], position.ChangedUnordered(first).Order());

        position.RecordUnordered(first);
        Assert.Empty(position.ChangedUnordered(first));
        Assert.Equal(["a", "c"], position.ChangedUnordered(new Dictionary<string, ulong> { ["b"] = 2, ["c"] = 3 }).Order());
    }

    [Fact]
    public void RecentScansReadTheSpanBehindTheNewestIdAndAWholeScanFindsALateIdBelowItOnce()
    {
        var span = TimeSpan.FromSeconds(10);
        var position = new CollectionReadPosition(Lookback, Now);
        var newest = Id(Now.AddMinutes(1));
        position.Record([newest], Now.AddMinutes(1));
        var late = Id(Now.AddSeconds(30));
        ScannedId[] collection = [new(late, "a"), new(newest, "b")];

        var recentFloor = position.RecentFloor(span, Now.AddMinutes(1));
        Assert.Equal(ObjectIdTime.EarliestAt(Now.AddMinutes(1) - span), recentFloor);
        Assert.Empty(position.NewIds(collection.Where(s => s.Id > recentFloor)));

        // The whole look-back, as every POLL_INTERVAL: the late id is new, then recorded, then never new again.
        var whole = collection.Where(s => s.Id > position.Floor).ToList();
        Assert.Equal([late], position.NewIdsByHost(whole)["a"]);
        position.Record(position.NewIds(whole), Now.AddMinutes(1));
        Assert.Empty(position.NewIds(whole));
    }

    [Fact]
    public void RecentFloorFollowsNowWhenAnIdRunsAheadOfItAndNeverFallsBelowTheFloor()
    {
        var position = new CollectionReadPosition(Lookback, Now);

        // An id from a writer whose clock runs 40 s fast: the others' ids of now are still recent.
        position.Record([Id(Now.AddSeconds(40))], Now);
        Assert.Equal(ObjectIdTime.EarliestAt(Now.AddSeconds(-10)), position.RecentFloor(TimeSpan.FromSeconds(10), Now));

        // A span longer than the look-back reads what a whole scan reads.
        Assert.Equal(position.Floor, position.RecentFloor(TimeSpan.FromHours(1), Now));
    }

    [Fact]
    public void RecordedAboveAFloorAreTheToldIdsOverItSoAReadLeavingThemOutFindsOnlyNewOnes()
    {
        var position = new CollectionReadPosition(Lookback, Now);
        var (old, atFloor, recent, newest) = (Id(Now.AddSeconds(1)), Id(Now.AddSeconds(5)), Id(Now.AddSeconds(8)), Id(Now.AddSeconds(9)));
        Assert.Empty(position.RecordedAbove(atFloor));

        position.Record([newest, old, recent, atFloor], Now);

        Assert.Equal([recent, newest], position.RecordedAbove(atFloor));
        Assert.Equal([atFloor, recent, newest], position.RecordedAbove(old));
        Assert.Empty(position.RecordedAbove(newest));
    }

    private static ObjectId Id(DateTime time) => ObjectId.GenerateNewId(time);
}
