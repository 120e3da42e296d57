using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Detection;

/// <summary>Lets at most <c>PARALLELISM</c> trainings run at once in the silo; the rest wait their turn.</summary>
public sealed class TrainingGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private int _peak;

    /// <summary>Creates the gate with <see cref="LadConfig.Parallelism"/> slots.</summary>
    public TrainingGate(LadConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Parallelism, 1);
        _slots = new SemaphoreSlim(config.Parallelism, config.Parallelism);
        Capacity = config.Parallelism;
    }

    /// <summary>The number of trainings allowed at once.</summary>
    public int Capacity { get; }

    /// <summary>Trainings running now.</summary>
    public int Running => Capacity - _slots.CurrentCount;

    /// <summary>The most trainings that ever ran at once in this silo.</summary>
    public int PeakRunning => Volatile.Read(ref _peak);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var running = Running;
        var peak = Volatile.Read(ref _peak);
        while (running > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, running, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }

        return new Slot(_slots);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
