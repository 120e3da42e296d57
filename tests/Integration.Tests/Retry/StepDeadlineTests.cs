using Lad.Grains.Retry;

namespace Lad.Integration.Tests.Retry;

public class StepDeadlineTests
{
    [Fact]
    public async Task AStepPastItsDeadlineIsCancelledAndReportedAsATimeoutNamingTheDeadline()
    {
        using var stopping = new CancellationTokenSource();
        using var deadline = new StepDeadline(TimeSpan.FromMilliseconds(200), stopping.Token, TimeProvider.System);

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, deadline.Token));

        Assert.True(deadline.Passed);
        var failure = deadline.Failure(cancelled);
        Assert.Equal("no reply within the step's deadline of 0.2 s; the step was abandoned", failure.Message);
        Assert.Same(cancelled, failure.InnerException);
    }

    [Fact]
    public async Task AStepWhoseCallerStopsIsCancelledButHasNotPassedItsDeadline()
    {
        using var stopping = new CancellationTokenSource();
        using var deadline = new StepDeadline(TimeSpan.FromMinutes(5), stopping.Token, TimeProvider.System);
        var waiting = Task.Delay(Timeout.Infinite, deadline.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(deadline.Passed);
    }

    [Fact]
    public void AStepWithinItsDeadlineRunsOn()
    {
        using var deadline = new StepDeadline(TimeSpan.FromMinutes(5), CancellationToken.None, TimeProvider.System);

        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.Passed);
        Assert.Equal(TimeSpan.FromMinutes(5), deadline.Limit);
    }
}
