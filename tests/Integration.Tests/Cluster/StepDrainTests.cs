using Lad.Grains.Placement;

namespace Lad.Integration.Tests.Cluster;

public class StepDrainTests
{
    [Fact]
    public async Task AStopWaitsForTheStepsInFlightAndStartsNoNewOnes()
    {
        var drain = new StepDrain(() => false);
        var step = drain.Enter();
        Assert.NotNull(step);
        Assert.Equal(1, drain.Running);

        var stop = drain.StopAsync(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(stop.IsCompleted);
        Assert.True(drain.Stopping);
        Assert.Null(drain.Enter());

        step.Dispose();
        step.Dispose();
        await stop.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Equal(0, drain.Running);
    }

    [Fact]
    public async Task AStopWithNothingInFlightEndsAtOnce()
    {
        var drain = new StepDrain(() => false);
        drain.Enter()!.Dispose();

        await drain.StopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.Null(drain.Enter());
        Assert.Equal(0, drain.Running);
    }

    [Fact]
    public void NoStepStartsWhileTheSiloIsLeaving()
    {
        var leaving = false;
        var drain = new StepDrain(() => leaving);
        Assert.NotNull(drain.Enter());

        leaving = true;

        Assert.True(drain.Stopping);
        Assert.Null(drain.Enter());
        Assert.Equal(1, drain.Running);
    }
}
