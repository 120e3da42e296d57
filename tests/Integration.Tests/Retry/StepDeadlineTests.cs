using Lad.Grains.Abstractions;
using Lad.Grains.Detection;
using Lad.Grains.Retry;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Retry;

public class StepDeadlineTests
{
    [Fact]
    public async Task AStepPastItsDeadlineIsCancelledAndFailsWithATimeoutNamingTheDeadline()
    {
        var cancelled = CancellationToken.None;

        var failure = await Assert.ThrowsAsync<StepDeadlineExceededException>(() => StepDeadline.RunAsync(
            TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None, async token =>
            {
                cancelled = token;
                await Task.Delay(Timeout.Infinite, token);
            }));

        Assert.True(cancelled.IsCancellationRequested);
        Assert.Equal("no reply within the step's deadline of 0.2 s; the step was abandoned", failure.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(failure.InnerException);
    }

    [Fact]
    public async Task AStepWhoseCallerStopsEndsWithItsCancellationNotATimeout()
    {
        using var stopping = new CancellationTokenSource();
        var step = StepDeadline.RunAsync(TimeSpan.FromMinutes(5), TimeProvider.System, stopping.Token, token => Task.Delay(Timeout.Infinite, token));

        await stopping.CancelAsync();

        // A cancellation, not a TimeoutException: the caller is stopping, and nothing is to be retried.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step);
    }

    [Fact]
    public async Task AStepWithinItsDeadlineRunsToItsEndUncancelled()
    {
        var token = CancellationToken.None;

        await StepDeadline.RunAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None, async t =>
        {
            await Task.Delay(10, t);
            token = t;
        });

        Assert.False(token.IsCancellationRequested);
        Assert.True(token.CanBeCanceled);
    }

    [Fact]
    public async Task AFailureOfTheStepItselfPassesThroughUnchanged()
    {
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => StepDeadline.RunAsync(
            TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None, _ => throw new InvalidOperationException("refused")));

        Assert.Equal("refused", thrown.Message);
    }

    [Fact]
    public async Task AStepWithAResultGivesItBackWithinItsDeadlineAndTimesOutPastIt()
    {
        var result = await StepDeadline.RunAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None, async t =>
        {
            await Task.Delay(10, t);
            return 42;
        });
        var failure = await Assert.ThrowsAsync<StepDeadlineExceededException>(() => StepDeadline.RunAsync(
            TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None, async t =>
            {
                await Task.Delay(Timeout.Infinite, t);
                return 42;
            }));

        Assert.Equal(42, result);
        Assert.Equal("no reply within the step's deadline of 0.2 s; the step was abandoned", failure.Message);
    }

    [Fact]
    public async Task AnOperatorsRequestRunsUnderTheRequestDeadlineNotTheStepDeadline()
    {
        var timings = new DetectorTimings { RequestDeadline = TimeSpan.FromMilliseconds(300), StepDeadline = TimeSpan.FromMinutes(5) };

        var failure = await Assert.ThrowsAsync<LadStoreException>(() => timings.WithinRequestDeadlineAsync(Unreached, async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }));

        // The operator reads this: it was their request, not a step of the detector, that was abandoned, and as a store
        // failure (`lad` exits 2 naming the server; the HTTP API answers 503), not a bare timeout.
        Assert.Equal("MongoDB at db-a:27017 unreachable or too slow (no reply within the request's deadline of 0.3 s; the request was abandoned)",
            failure.Message);
    }

    [Fact]
    public async Task AnOperatorsRequestThatMongoDbFailsNamesTheServerInOneShortLine()
    {
        var timings = new DetectorTimings();
        // As the driver words a server selection timeout: the cluster's whole state on the first line.
        var state = string.Concat(Enumerable.Repeat("{ ServerId: ..., HeartbeatException: ... }, ", 40));
        var timeout = new MongoClientException($"A timeout occurred after 2000ms selecting a server. Client view of cluster state is {state}\n   at a stack frame");

        var failure = await Assert.ThrowsAsync<LadStoreException>(() => timings.WithinRequestDeadlineAsync<int>(Unreached, _ => throw timeout));

        Assert.Equal("MongoDB at db-a:27017 failed (MongoClientException: A timeout occurred after 2000ms selecting a server.)", failure.Message);
    }

    [Fact]
    public async Task AStepPastItsDeadlineIsDescribedAsMongoDbUnreachableOrTooSlow()
    {
        var failure = await Assert.ThrowsAsync<StepDeadlineExceededException>(() => StepDeadline.RunAsync(
            TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None, token => Task.Delay(Timeout.Infinite, token)));

        // A deadline passed is not known to be an outage: a server too busy to answer in time looks the same.
        Assert.Equal("MongoDB at db-a:27017 unreachable or too slow (no reply within the step's deadline of 0.1 s; the step was abandoned)",
            Unreached.Describe(failure));
        // The driver's own timeouts keep their words.
        Assert.Equal("MongoDB at db-a:27017 unreachable (TimeoutException: selecting a server)", Unreached.Describe(new TimeoutException("selecting a server")));
    }

    // Describes failures only: nothing here talks to it.
    private static readonly MongoClient Nowhere = new("mongodb://db-a:27017");
    private static readonly MongoReachability Unreached = new(Nowhere, Nowhere.GetDatabase("probe"));
}
