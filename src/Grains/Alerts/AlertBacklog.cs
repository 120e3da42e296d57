using Lad.Engine.Incidents;

namespace Lad.Grains.Alerts;

/// <summary>Incident changes whose queue write failed (MongoDB unreachable or slow), held in this silo's memory until the
/// delivery loop writes them to the queue; it also wakes the loop when something was queued.</summary>
/// <remarks>Only what MongoDB refused waits here, so only a silo that dies while MongoDB is down loses alerts; the
/// incidents themselves are stored, and show in <c>lad incidents</c>.</remarks>
public sealed class AlertBacklog
{
    private readonly Lock _gate = new();
    private readonly List<IncidentChange> _changes = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _inFlight;

    /// <summary>How many changes wait in memory, counting those being written to the queue right now: while any do, newer
    /// changes must wait behind them, or an older state could overwrite a newer one in the queue.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _changes.Count + _inFlight;
            }
        }
    }

    /// <summary>Keeps changes that could not be queued.</summary>
    public void Add(IReadOnlyList<IncidentChange> changes)
    {
        lock (_gate)
        {
            _changes.AddRange(changes);
        }

        Wake();
    }

    /// <summary>Takes every held change, oldest first, to write them to the queue; follow with <see cref="Queued"/> or
    /// <see cref="PutBack"/>.</summary>
    public IReadOnlyList<IncidentChange> TakeAll()
    {
        lock (_gate)
        {
            var taken = _changes.ToList();
            _changes.Clear();
            _inFlight = taken.Count;
            return taken;
        }
    }

    /// <summary>The changes taken are in the queue.</summary>
    public void Queued()
    {
        lock (_gate)
        {
            _inFlight = 0;
        }
    }

    /// <summary>Puts changes that still could not be queued back before any held since.</summary>
    public void PutBack(IReadOnlyList<IncidentChange> changes)
    {
        lock (_gate)
        {
            _changes.InsertRange(0, changes);
            _inFlight = 0;
        }
    }

    /// <summary>Tells the delivery loop there is something new.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    /// <summary>Waits until woken or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
