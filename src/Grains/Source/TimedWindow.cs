namespace Lad.Grains.Source;

/// <summary>Where a host's reading of documents whose <c>_id</c> is not an ObjectId stands: they are placed by the
/// time field (<c>MG_TIME_FIELD</c>), with the same look-back as <see cref="ReadingWindow"/> for documents that
/// arrive late, and a record of which ones in it were already scored.</summary>
/// <remarks>Such ids (strings, numbers) carry no order of their own, so the time field is the only position there is.
/// Polling reads every such document dated after <see cref="Floor"/> and skips the ones recorded here. A time from the
/// future moves the newest position only to now plus <see cref="Skew"/>. Beyond <see cref="Capacity"/> ids the floor
/// rises to drop the oldest.</remarks>
public sealed class TimedWindow
{
    /// <summary>Most ids kept per host.</summary>
    public const int DefaultCapacity = 20_000;

    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTime> _scored = new(StringComparer.Ordinal);

    /// <summary>Starts a window at <paramref name="newest"/>, with nothing dated at or before <paramref name="floor"/>
    /// to read.</summary>
    /// <param name="lookback">How far behind the newest position late documents are still read (<c>POLL_LOOKBACK</c>).</param>
    /// <param name="newest">The newest time scored.</param>
    /// <param name="floor">Documents dated at or before it count as handled; raised to the look-back behind
    /// <paramref name="newest"/> when that is later.</param>
    /// <param name="scored">Ids (<see cref="SourceIds.Text"/>) already scored, with their times.</param>
    /// <param name="capacity">Most ids kept.</param>
    public TimedWindow(TimeSpan lookback, DateTime newest, DateTime floor, IEnumerable<KeyValuePair<string, DateTime>> scored,
        int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Lookback = lookback;
        Capacity = capacity;
        Newest = Utc(newest);
        Floor = Utc(floor);
        foreach (var (id, time) in scored)
        {
            _scored[id] = Utc(time);
        }

        Settle();
    }

    /// <summary>How far behind <see cref="Newest"/> late documents are still read.</summary>
    public TimeSpan Lookback { get; }

    /// <summary>Most ids kept.</summary>
    public int Capacity { get; }

    /// <summary>The newest time scored (clamped for times from the future).</summary>
    public DateTime Newest { get; private set; }

    /// <summary>Documents dated at or before it are not read again: polling reads times after it.</summary>
    public DateTime Floor { get; private set; }

    /// <summary>The ids dated after <see cref="Floor"/> already scored, with their times.</summary>
    public IReadOnlyDictionary<string, DateTime> Scored => _scored;

    /// <summary>How far ahead of now a time may be and still count as its own position.</summary>
    public TimeSpan Skew => Lookback / 2 < MaxSkew ? Lookback / 2 : MaxSkew;

    /// <summary>Whether the document <paramref name="id"/> dated <paramref name="time"/> was already handled.</summary>
    /// <param name="id">The document's id text (<see cref="SourceIds.Text"/>).</param>
    /// <param name="time">The document's time.</param>
    public bool Handled(string id, DateTime time) => Utc(time) <= Floor || _scored.ContainsKey(id);

    /// <summary>Records <paramref name="read"/> as scored and moves the newest position and the floor.</summary>
    /// <param name="read">Ids just scored (or skipped as unusable), with their times.</param>
    /// <param name="now">The current time (UTC), for clamping times from the future.</param>
    /// <returns>True when the record was full and the floor rose above the look-back to stay within
    /// <see cref="Capacity"/>.</returns>
    public bool Add(IEnumerable<KeyValuePair<string, DateTime>> read, DateTime now)
    {
        var limit = Utc(now) + Skew;
        foreach (var (id, raw) in read)
        {
            var time = Utc(raw);
            if (time <= Floor)
            {
                continue;
            }

            _scored[id] = time;
            var position = time > limit ? limit : time;
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
        var lookbackFloor = Newest - Lookback;
        if (Newest > DateTime.MinValue + Lookback && lookbackFloor > Floor)
        {
            Floor = lookbackFloor;
        }

        var overflow = _scored.Count - Capacity;
        if (overflow > 0)
        {
            Floor = _scored.Values.Order().ElementAt(overflow - 1);
        }

        foreach (var (id, time) in _scored.ToList())
        {
            if (time <= Floor)
            {
                _scored.Remove(id);
            }
        }

        return overflow > 0;
    }

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc);
}
