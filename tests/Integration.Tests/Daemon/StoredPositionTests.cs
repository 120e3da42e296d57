using Lad.Grains.Detection;
using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Daemon;

public class StoredPositionTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);
    private static readonly ObjectId Boundary = ObjectIdTime.LatestAt(Now.AddHours(-1));

    [Fact]
    public void AWindowKeptInTheProgressIsTheWindowRestoredFromIt()
    {
        var window = new ReadingWindow(Lookback, Boundary, Boundary, []);
        var late = ObjectIdTime.EarliestAt(Now.AddMinutes(-3));
        var newest = ObjectIdTime.EarliestAt(Now);
        window.Add([late, newest], Now);
        var progress = new ProgressState();

        StoredPosition.Keep(progress, window);
        var restored = StoredPosition.IdWindow(progress, Boundary, Lookback);

        Assert.NotNull(restored);
        Assert.Equal(window.Newest, restored.Newest);
        Assert.Equal(window.Floor, restored.Floor);
        Assert.Equal([late, newest], restored.Scored);
        Assert.True(restored.Handled(late));
        Assert.False(restored.Handled(ObjectIdTime.EarliestAt(Now.AddMinutes(-2))));
    }

    [Fact]
    public void ProgressWithNoCheckpointStartsAtTheTrainingBoundary()
    {
        var restored = StoredPosition.IdWindow(new ProgressState(), Boundary, Lookback);

        Assert.NotNull(restored);
        Assert.Equal(Boundary, restored.Newest);
        Assert.Equal(Boundary, restored.Floor);
        Assert.Empty(restored.Scored);
    }

    [Theory]
    [InlineData("not an id", "", 0)]
    [InlineData("6752e0c0aaaaaaaaaaaaaaaa", "zz", 0)]
    [InlineData("6752e0c0aaaaaaaaaaaaaaaa", "", 5)]
    public void AnUnreadableStoredPositionIsNoWindow(string checkpoint, string floor, int idBytes)
    {
        var progress = new ProgressState { Checkpoint = checkpoint, WindowFloor = floor, WindowIds = new byte[idBytes] };

        Assert.Null(StoredPosition.IdWindow(progress, Boundary, Lookback));
    }

    [Fact]
    public void ProgressStoredBeforeTheWindowExistedReadsNothingBehindItsCheckpoint()
    {
        var checkpoint = ObjectIdTime.EarliestAt(Now);
        var progress = new ProgressState { Checkpoint = checkpoint.ToString() };

        var restored = StoredPosition.IdWindow(progress, Boundary, Lookback);

        Assert.NotNull(restored);
        Assert.Equal(checkpoint, restored.Floor);
        Assert.True(restored.Handled(ObjectIdTime.EarliestAt(Now.AddMinutes(-1))));
    }

    [Fact]
    public void TheTrainingBoundaryIsTheModelsOrTheLookBackBehindNow()
    {
        Assert.Equal(Boundary, StoredPosition.TrainingBoundary(new ModelState { TrainedThrough = Boundary.ToString() }, Now, Lookback));
        Assert.Equal(ObjectIdTime.EarliestAt(Now - Lookback), StoredPosition.TrainingBoundary(new ModelState(), Now, Lookback));
    }

    [Fact]
    public void ATimedWindowKeptInTheProgressIsRestoredAndProgressWithoutOneStartsAtTheModelsBoundary()
    {
        var model = new ModelState { TrainedThrough = Boundary.ToString() };
        var fresh = StoredPosition.TimedWindow(new ProgressState(), model, Now, Lookback);
        Assert.Equal(Boundary.CreationTime, fresh.Newest);
        Assert.Equal(Now - Lookback, StoredPosition.TimedWindow(new ProgressState(), new ModelState(), Now, Lookback).Newest);

        fresh.Add([new KeyValuePair<string, DateTime>("a-1", Now.AddMinutes(-1)), new KeyValuePair<string, DateTime>("a-2", Now)], Now);
        var progress = new ProgressState();
        StoredPosition.Keep(progress, fresh);
        var restored = StoredPosition.TimedWindow(progress, model, Now.AddDays(1), Lookback);

        Assert.Equal(fresh.Newest, restored.Newest);
        Assert.Equal(fresh.Floor, restored.Floor);
        Assert.Equal(fresh.Scored.OrderBy(p => p.Key), restored.Scored.OrderBy(p => p.Key));
        Assert.True(restored.Handled("a-1", Now.AddMinutes(-1)));
        Assert.False(restored.Handled("a-3", Now.AddMinutes(-1)));
    }
}
