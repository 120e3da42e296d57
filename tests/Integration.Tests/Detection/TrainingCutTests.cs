using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Grains.Detection;
using Lad.Grains.Source;

namespace Lad.Integration.Tests.Detection;

public class TrainingCutTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 30, DateTimeKind.Utc);
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    [Fact]
    public void AFirstTrainingStopsBeforeTheCurrentSecondAndHandsOverItsLookBack()
    {
        var progress = new ProgressState();

        var cut = TrainingCut.For(progress, 1, Now, Lookback);

        Assert.False(cut.Reused);
        Assert.Equal(ObjectIdTime.EarliestAt(Now), cut.Boundary);
        Assert.Equal(Now, cut.AsOf);
        Assert.Equal(ObjectIdTime.EarliestAt(Now - Lookback), cut.WindowFloor);
        Assert.Equal((cut.Boundary.ToString(), 1), (progress.TrainingBoundary, progress.BoundaryForVersion));
    }

    [Fact]
    public void ARetrainReadsAllOfTheCurrentSecondAndHandsOverNothing()
    {
        var progress = new ProgressState { Checkpoint = ObjectIdTime.EarliestAt(Now.AddMinutes(-1)).ToString() };

        var cut = TrainingCut.For(progress, 4, Now, Lookback);

        Assert.Equal(ObjectIdTime.LatestAt(Now), cut.Boundary);
        Assert.Equal(cut.Boundary, cut.WindowFloor);
        Assert.Equal(4, progress.BoundaryForVersion);
    }

    [Fact]
    public void ATrainingCutShortIsRedoneToTheBoundaryKeptForItsVersion()
    {
        var progress = new ProgressState();
        var first = TrainingCut.For(progress, 1, Now, Lookback);

        var redone = TrainingCut.For(progress, 1, Now.AddMinutes(10), Lookback);

        Assert.True(redone.Reused);
        Assert.Equal(first.Boundary, redone.Boundary);
        Assert.Equal(first.Boundary.CreationTime, redone.AsOf);
        Assert.Equal(first.WindowFloor, redone.WindowFloor);

        // The next version takes a boundary of its own.
        progress.Checkpoint = first.Boundary.ToString();
        var next = TrainingCut.For(progress, 2, Now.AddMinutes(10), Lookback);
        Assert.False(next.Reused);
        Assert.Equal(ObjectIdTime.LatestAt(Now.AddMinutes(10)), next.Boundary);
    }

    [Fact]
    public void AnAdoptedModelIsTheNextVersionTrainedNowThroughItsBoundary()
    {
        var state = new ModelState { Version = 3, Trainings = 5, TrainedAt = Now.AddDays(-7) };
        var boundary = ObjectIdTime.LatestAt(Now.AddMinutes(-2));
        var trained = new TrainedModel(NoveltyModel(), [1, 2, 3], boundary, [], [], 1200, 17, [9]);

        state.Adopt(trained, Now);

        Assert.Equal((4, 6, Now, 1200L, 17, boundary.ToString()), (state.Version, state.Trainings, state.TrainedAt, state.LinesTrainedOn, state.Templates, state.TrainedThrough));
        Assert.Equal([1, 2, 3], state.Model);
        Assert.Equal([9], state.Volume);
    }

    private static IAnomalyModel NoveltyModel() =>
        ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "novelty" }).Train([new LogRecord("service started", "INFO", "h")]);
}
