using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Daemon;

public class ReadingWindowTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    [Fact]
    public void LateIdInsideTheLookBackIsUnhandledUntilScoredAndLeavesTheNewestPositionAlone()
    {
        var window = new ReadingWindow(Lookback, ObjectId.Empty, ObjectId.Empty, []);
        var current = Id(Now);
        window.Add([current], Now);
        var late = Id(Now.AddMinutes(-4));

        Assert.False(window.Handled(late));
        window.Add([late], Now);

        Assert.True(window.Handled(late));
        Assert.Equal(current, window.Newest);
        Assert.Equal(ObjectIdTime.EarliestAt(Now - Lookback), window.Floor);
        Assert.Equal([late, current], window.Scored);
    }

    [Fact]
    public void IdsFallingBehindTheLookBackAreHandledAndDropped()
    {
        var window = new ReadingWindow(Lookback, ObjectId.Empty, ObjectId.Empty, []);
        var early = Id(Now);
        window.Add([early], Now);
        var later = Id(Now.AddMinutes(6));
        window.Add([later], Now.AddMinutes(6));

        Assert.Equal([later], window.Scored);
        Assert.True(window.Handled(early));
        Assert.True(window.Handled(Id(Now.AddSeconds(30)))); // committed more than the look-back behind the newest: missed
        Assert.False(window.Handled(Id(Now.AddMinutes(2))));
    }

    [Fact]
    public void IdFromTheFutureMovesTheNewestPositionOnlyToNowPlusTheSkewAndIsNeverReadAgain()
    {
        var window = new ReadingWindow(Lookback, ObjectId.Empty, ObjectId.Empty, []);
        var year2100 = Id(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        window.Add([Id(Now), year2100], Now);

        Assert.Equal(TimeSpan.FromMinutes(1), window.Skew);
        Assert.Equal(ObjectIdTime.LatestAt(Now + window.Skew), window.Newest);
        Assert.True(window.Handled(year2100));

        // Ten minutes on, a normal document is still read and the 2100 one still counts as handled.
        var next = Id(Now.AddMinutes(10));
        Assert.False(window.Handled(next));
        window.Add([next], Now.AddMinutes(10));
        Assert.Equal(next, window.Newest);
        Assert.True(window.Handled(year2100));
        Assert.Contains(year2100, window.Scored);
    }

    [Fact]
    public void TheSkewIsNeverMoreThanHalfTheLookBack()
    {
        var window = new ReadingWindow(TimeSpan.FromSeconds(20), ObjectId.Empty, ObjectId.Empty, []);
        window.Add([Id(Now.AddHours(1))], Now);

        Assert.Equal(TimeSpan.FromSeconds(10), window.Skew);
        Assert.False(window.Handled(Id(Now.AddSeconds(1)))); // the clamped position keeps what is written now visible
    }

    [Fact]
    public void AFullRecordRaisesTheFloorAndSaysSo()
    {
        var window = new ReadingWindow(Lookback, ObjectId.Empty, ObjectId.Empty, [], capacity: 3);
        var ids = Enumerable.Range(0, 5).Select(i => Id(Now.AddSeconds(i))).ToList();

        Assert.False(window.Add(ids.Take(3), Now));
        Assert.True(window.Add(ids.Skip(3), Now));

        Assert.Equal(ids[1], window.Floor);
        Assert.Equal(ids.Skip(2), window.Scored);
        Assert.All(ids, id => Assert.True(window.Handled(id)));
    }

    [Fact]
    public void AStoredFloorAboveTheLookBackIsKept()
    {
        var newest = Id(Now);
        var window = new ReadingWindow(Lookback, newest, newest, []);

        Assert.Equal(newest, window.Floor);
        Assert.True(window.Handled(Id(Now.AddMinutes(-1))));
        Assert.False(window.Handled(Id(Now.AddSeconds(1))));
    }

    [Fact]
    public void PackedIdsRoundTripAndATornRecordIsRefused()
    {
        var ids = new[] { Id(Now), Id(Now.AddSeconds(1)), Id(Now.AddSeconds(2)) };
        var packed = PackedObjectIds.Pack(ids);

        Assert.Equal(36, packed.Length);
        Assert.Equal(ids, PackedObjectIds.Unpack(packed));
        Assert.Null(PackedObjectIds.Unpack(packed[..30]));
    }

    [Fact]
    public void TimePositionsBoundEveryIdOfTheirSecond()
    {
        var id = Id(Now);

        Assert.True(ObjectIdTime.EarliestAt(Now) < id);
        Assert.True(id < ObjectIdTime.LatestAt(Now));
        Assert.True(ObjectIdTime.LatestAt(Now) < ObjectIdTime.EarliestAt(Now.AddSeconds(1)));
        Assert.Equal(Now, ObjectIdTime.LatestAt(Now).CreationTime);
    }

    private static ObjectId Id(DateTime time) => ObjectId.GenerateNewId(time);
}
