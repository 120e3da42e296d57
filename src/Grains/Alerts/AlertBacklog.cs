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

    /// <summary>How many changes wait in memory.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _changes.Count;
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

    /// <summary>Takes every held change, oldest first.</summary>
    public IReadOnlyList<IncidentChange> TakeAll()
    {
        lock (_gate)
        {
            var taken = _changes.ToList();
            _changes.Clear();
            return taken;
        }
    }

    /// <summary>Puts changes that still could not be queued back before any held since.</summary>
    public void PutBack(IReadOnlyList<IncidentChange> changes)
    {
        lock (_gate)
        {
            _changes.InsertRange(0, changes);
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
