namespace Lad.Grains.Retry;

/// <summary>The deadline of one step that waits on MongoDB (a host's read, score and write; a collection poll's scan; a
/// round of alert delivery):
/// its token is cancelled when the step's caller stops or when the deadline passes, and a step cut short by the
/// deadline is reported as a <see cref="TimeoutException"/>, so it fails and is retried like any other failure.</summary>
/// <remarks>A connection lost without a reset (a dropped route, a NAT entry that expired, a server that stopped
/// answering) leaves a MongoDB read waiting for a reply that never comes: the driver's socket timeout is infinite unless
/// the connection string sets <c>socketTimeoutMS</c>. Without a deadline that one read holds its host, or every host of
/// its collection, until TCP keepalive gives up hours later. The driver honours cancellation of a read in flight by
/// closing its connection, so the retry opens a fresh one.</remarks>
internal sealed class StepDeadline : IDisposable
{
    private readonly CancellationTokenSource _timed;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _stopping;

    /// <param name="limit">The longest the step may take; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="stopping">Cancelled when the step's caller stops (a timer disposed, a grain deactivating).</param>
    /// <param name="time">The clock the deadline runs on.</param>
    public StepDeadline(TimeSpan limit, CancellationToken stopping, TimeProvider time)
    {
        Limit = limit;
        _stopping = stopping;
        _timed = new CancellationTokenSource(limit, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _timed.Token);
    }

    /// <summary>The longest the step may take.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled at the deadline or when the caller stops: what the step's reads and calls take.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline, not the caller's stop, cancelled the step.</summary>
    public bool Passed => _timed.IsCancellationRequested && !_stopping.IsCancellationRequested;

    /// <summary>The failure to report for a step the deadline cut short.</summary>
    /// <param name="cancelled">What the step threw.</param>
    public TimeoutException Failure(OperationCanceledException cancelled) =>
        new($"no reply within the step's deadline of {Limit.TotalSeconds:0.#} s; the step was abandoned", cancelled);

    /// <inheritdoc />
    public void Dispose()
    {
        _linked.Dispose();
        _timed.Dispose();
    }
}
