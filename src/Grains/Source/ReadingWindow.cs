using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>Where a host's polling stands: the newest position scored, and which documents of the look-back window
/// behind it were already scored, so late arrivals in the window are read once and nothing in it is read twice.</summary>
/// <remarks>
/// Writers make ObjectIds on their own clocks, so ids do not arrive in order: a buffering writer or a slow clock
/// commits ids older than ones already scored. Polling therefore reads every id above <see cref="Floor"/> (the
/// newest position minus the look-back) and skips the ids this record holds. An id from the future moves the
/// newest position only to now plus a small skew, so one far-future id cannot push the floor past documents still to
/// come; that id itself stays in the record (it is above the floor until its time) and is never read again.
/// The record is bounded: beyond <see cref="Capacity"/> ids the floor rises to drop the oldest, which shortens the
/// look-back for a host writing faster than that per window (<see cref="Add"/> reports it).
/// </remarks>
public sealed class ReadingWindow
{
    /// <summary>Most ids kept per host (about 12 bytes each in the stored progress).</summary>
    public const int DefaultCapacity = 50_000;

    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(1);

    private readonly SortedSet<ObjectId> _scored = [];

    /// <summary>Starts a window at <paramref name="newest"/>, with nothing at or below <paramref name="floor"/> to read.</summary>
    /// <param name="lookback">How far behind the newest position late arrivals are still read (<c>POLL_LOOKBACK</c>).</param>
    /// <param name="newest">The newest position scored.</param>
    /// <param name="floor">Ids at or below it count as handled; it is raised to the look-back behind
    /// <paramref name="newest"/> when that is higher.</param>
    /// <param name="scored">Ids above the floor already scored.</param>
    /// <param name="capacity">Most ids kept.</param>
    public ReadingWindow(TimeSpan lookback, ObjectId newest, ObjectId floor, IEnumerable<ObjectId> scored, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Lookback = lookback;
        Capacity = capacity;
        Newest = newest;
        Floor = floor;
        _scored.UnionWith(scored);
        Settle();
    }

    /// <summary>How far behind <see cref="Newest"/> late arrivals are still read.</summary>
    public TimeSpan Lookback { get; }

    /// <summary>Most ids kept.</summary>
    public int Capacity { get; }

    /// <summary>The newest position scored (an id, or a clamped position for ids from the future).</summary>
    public ObjectId Newest { get; private set; }

    /// <summary>Ids at or below it are not read again: polling reads <c>_id &gt; Floor</c>.</summary>
    public ObjectId Floor { get; private set; }

    /// <summary>The ids above <see cref="Floor"/> already scored, ascending.</summary>
    public IReadOnlyCollection<ObjectId> Scored => _scored;

    /// <summary>How far ahead of now an id may be and still count as its own position: a small share of the
    /// look-back, so a clamped position never hides documents being written now.</summary>
    public TimeSpan Skew => Lookback / 2 < MaxSkew ? Lookback / 2 : MaxSkew;

    /// <summary>The ids above <paramref name="id"/> already scored, ascending (a copy: the record moves on).</summary>
    /// <param name="id">Ids at or below it are left out.</param>
    public IReadOnlyList<ObjectId> ScoredAbove(ObjectId id) =>
        _scored.Count == 0 || _scored.Max <= id ? [] : [.. _scored.GetViewBetween(id, _scored.Max).Where(scored => scored > id)];

    /// <summary>Whether the document <paramref name="id"/> was already handled.</summary>
    /// <param name="id">A document id.</param>
    public bool Handled(ObjectId id) => id <= Floor || _scored.Contains(id);

    /// <summary>The position <paramref name="id"/> stands for at <paramref name="now"/>: itself, or now plus
    /// <see cref="Skew"/> when it is dated later than that.</summary>
    /// <param name="id">A document id.</param>
    /// <param name="now">The current time (UTC).</param>
    public ObjectId PositionOf(ObjectId id, DateTime now)
    {
        var limit = ObjectIdTime.LatestAt(now + Skew);
        return id > limit ? limit : id;
    }

    /// <summary>Records <paramref name="ids"/> as scored and moves the newest position and the floor.</summary>
    /// <param name="ids">Ids just scored (or skipped as unusable).</param>
    /// <param name="now">The current time (UTC), for clamping ids from the future.</param>
    /// <returns>True when the record was full and the floor rose above the look-back to stay within
    /// <see cref="Capacity"/>.</returns>
    public bool Add(IEnumerable<ObjectId> ids, DateTime now)
    {
        foreach (var id in ids)
        {
            if (id <= Floor)
            {
                continue;
            }

            _scored.Add(id);
            var position = PositionOf(id, now);
            if (position > Newest)
            {
                Newest = position;
            }
        }

        return Settle();
    }

    // Raises the floor to the look-back behind the newest position (never lowers it), then drops what it covers.
    private bool Settle()
    {
        var lookbackFloor = Newest == ObjectId.Empty ? ObjectId.Empty : ObjectIdTime.EarliestAt(Newest.CreationTime - Lookback);
        if (lookbackFloor > Floor)
        {
            Floor = lookbackFloor;
        }

        var overflow = _scored.Count - Capacity;
        if (overflow > 0)
        {
            Floor = _scored.ElementAt(overflow - 1);
        }

        // From the low end only: a scan of the whole record on every batch cost a collection's poll, whose record holds
        // the look-back of every host, a pass over up to a million ids per scan.
        while (_scored.Count > 0 && _scored.Min <= Floor)
        {
            _scored.Remove(_scored.Min);
        }

        return overflow > 0;
    }
}
