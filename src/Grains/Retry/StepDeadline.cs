namespace Lad.Grains.Retry;

/// <summary>Runs one step that waits on MongoDB (a host's read, score and write; a collection poll's scan; a round of
/// alert delivery; a source's incident bookkeeping; an operator's request) under a deadline: a step still running when
/// it passes is cancelled and fails with a <see cref="StepDeadlineExceededException"/> (a <see cref="TimeoutException"/>), to be
/// retried like any other failure.</summary>
/// <remarks>A connection lost without a reset (a dropped route, a NAT entry that expired, a server that stopped
/// answering it) leaves a MongoDB read waiting for a reply that never comes: the driver's socket timeout is infinite
/// unless the connection string sets <c>socketTimeoutMS</c>. Without a deadline that one read holds its host, every host
/// of its collection or every alert of the silo, until TCP keepalive gives up hours later. The driver honours
/// cancellation of a read in flight by closing its connection, so the retry opens a fresh one.</remarks>
internal static class StepDeadline
{
    /// <summary>Runs <paramref name="step"/> with a token cancelled when <paramref name="stopping"/> is or when
    /// <paramref name="limit"/> has passed.</summary>
    /// <param name="limit">The longest the step may take; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="time">The clock the deadline runs on.</param>
    /// <param name="stopping">Cancelled when the step's caller stops (a timer disposed, a grain deactivating): the
    /// step's cancellation then propagates as it is.</param>
    /// <param name="step">The step.</param>
    /// <exception cref="StepDeadlineExceededException">The deadline cut the step short (its cancellation is the inner exception).</exception>
    public static Task RunAsync(TimeSpan limit, TimeProvider time, CancellationToken stopping, Func<CancellationToken, Task> step) =>
        RunAsync(limit, time, stopping, async token =>
        {
            await step(token);
            return true;
        });

    /// <summary>Runs <paramref name="step"/>, which returns a result, like
    /// <see cref="RunAsync(TimeSpan, TimeProvider, CancellationToken, Func{CancellationToken, Task})"/>.</summary>
    /// <param name="limit">The longest the step may take; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="time">The clock the deadline runs on.</param>
    /// <param name="stopping">Cancelled when the step's caller stops.</param>
    /// <param name="step">The step.</param>
    /// <param name="what">What the timeout's message calls the step: an operator reading it asked for a "request".</param>
    /// <exception cref="StepDeadlineExceededException">The deadline cut the step short (its cancellation is the inner exception).</exception>
    public static async Task<T> RunAsync<T>(
        TimeSpan limit, TimeProvider time, CancellationToken stopping, Func<CancellationToken, Task<T>> step, string what = "step")
    {
        using var timed = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timed.Token);
        try
        {
            return await step(linked.Token);
        }
        catch (OperationCanceledException e) when (timed.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            throw new StepDeadlineExceededException($"no reply within the {what}'s deadline of {limit.TotalSeconds:0.#} s; the {what} was abandoned", e);
        }
    }
}
