using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Detection;

/// <summary>Lets at most <c>PARALLELISM</c> trainings run at once in the silo; the rest wait their turn.</summary>
public sealed class TrainingGate : IDisposable
{
    private readonly SemaphoreSlim _slots;

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

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
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
