namespace Lad.Grains.Placement;

/// <summary>
/// The steps this silo's hosts and shared polls have in flight (a host's tick or handover, a poll's scan), so a stop
/// lets them finish before Orleans deactivates the grains. A step that began just before the stop used to call a
/// grain (a host its collection's poll, a poll its hosts) while the silo was deactivating it; the silo then refused to
/// place it again and logged a warning per refused message. At the stop's first stage (<see cref="ServiceLifecycleStage.Active"/>,
/// before grains are deactivated) no new step starts, and the stop waits up to <see cref="Bound"/> for those running.
/// </summary>
internal sealed class StepDrain : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The longest a stop waits for steps in flight; one still running then is cut as before.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly Func<bool> _siloLeaving;
    private int _running;
    private volatile bool _stopping;

    /// <summary>The drain of this silo's steps.</summary>
    public StepDrain(ClusterOwnership ownership)
        : this(() => ownership.Leaving)
    {
    }

    /// <summary>A drain that also takes the silo for stopping while <paramref name="siloLeaving"/> says so (tests).</summary>
    internal StepDrain(Func<bool> siloLeaving) => _siloLeaving = siloLeaving;

    /// <summary>Whether this silo is stopping: no step starts, and one running may be refused what it asks of the silo.</summary>
    public bool Stopping => _stopping || _siloLeaving();

    /// <summary>How many steps are in flight.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Begins a step, to be disposed when it ends; null when the silo is stopping, and the step is not to run.</summary>
    public Step? Enter()
    {
        // Counted before the check: a stop that begins in between then waits for this step, or the step sees the stop.
        Interlocked.Increment(ref _running);
        if (Stopping)
        {
            Interlocked.Decrement(ref _running);
            return null;
        }

        return new Step(this);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StepDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAsync);

    /// <summary>Starts no more steps and waits until those running have ended, at most <see cref="Bound"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var until = DateTime.UtcNow + Bound;
        while (Running > 0 && DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>A step in flight; disposing it ends it.</summary>
    public sealed class Step(StepDrain drain) : IDisposable
    {
        private int _ended;

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Interlocked.Decrement(ref drain._running);
            }
        }
    }
}
