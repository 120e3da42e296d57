using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Grains.Polling;

/// <summary>Where a collection's shared poll stands: a <see cref="ReadingWindow"/> over the ids of all its hosts (so a
/// late id within the look-back behind the collection's newest is still found, and found once), and the last
/// fingerprint of each host's documents that no id order places.</summary>
/// <remarks>It only decides whom to tell: each host keeps its own stored position and reads what it was not handed,
/// so this record lives in memory and starts afresh (telling every host to read for itself) with each activation.</remarks>
public sealed class CollectionReadPosition
{
    /// <summary>Most ids kept: the collection's lines within one look-back (about 40 bytes each in memory).</summary>
    public const int DefaultCapacity = 1_000_000;

    private readonly ReadingWindow _window;
    private Dictionary<string, ulong> _prints = new(StringComparer.Ordinal);

    /// <summary>Starts at <paramref name="now"/>: ids up to the look-back behind it are read by the first scan.</summary>
    /// <param name="lookback"><c>POLL_LOOKBACK</c>.</param>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="capacity">Most ids kept.</param>
    public CollectionReadPosition(TimeSpan lookback, DateTime now, int capacity = DefaultCapacity) =>
        _window = new ReadingWindow(lookback, ObjectIdTime.EarliestAt(now), ObjectId.Empty, [], capacity);

    /// <summary>The floor the next id scan reads above.</summary>
    public ObjectId Floor => _window.Floor;

    /// <summary>The floor of a scan of the recent ids only: <paramref name="span"/> behind the collection's newest id
    /// recorded, or behind <paramref name="now"/> when that is earlier (an id from a writer whose clock runs fast must not
    /// hide the others' ids), and never below <see cref="Floor"/>.</summary>
    /// <param name="span">How far back the scan reads.</param>
    /// <param name="now">The current time (UTC).</param>
    public ObjectId RecentFloor(TimeSpan span, DateTime now)
    {
        var newest = _window.Newest.CreationTime < now ? _window.Newest.CreationTime : now;
        var recent = ObjectIdTime.EarliestAt(newest - span);
        return recent > Floor ? recent : Floor;
    }

    /// <summary>The ids above <paramref name="floor"/> recorded as told, ascending: a read above
    /// <paramref name="floor"/> that leaves them out returns only what is new.</summary>
    /// <param name="floor">At or above <see cref="Floor"/> (ids at or below <see cref="Floor"/> are not kept).</param>
    public IReadOnlyList<ObjectId> RecordedAbove(ObjectId floor) => _window.ScoredAbove(floor);

    /// <summary>The ids of <paramref name="scan"/> not seen before, per host, ascending; hosts with none are absent.
    /// Ids of documents naming no host are in <see cref="NewIds"/> but given to nobody.</summary>
    /// <param name="scan">One id scan above <see cref="Floor"/>.</param>
    public IReadOnlyDictionary<string, List<ObjectId>> NewIdsByHost(IEnumerable<ScannedId> scan)
    {
        var byHost = new Dictionary<string, List<ObjectId>>(StringComparer.Ordinal);
        foreach (var (id, host) in scan)
        {
            if (host is null || _window.Handled(id))
            {
                continue;
            }

            if (!byHost.TryGetValue(host, out var ids))
            {
                byHost[host] = ids = [];
            }

            ids.Add(id);
        }

        return byHost;
    }

    /// <summary>The ids of <paramref name="scan"/> not seen before, whatever their host.</summary>
    /// <param name="scan">One id scan above <see cref="Floor"/>.</param>
    public IEnumerable<ObjectId> NewIds(IEnumerable<ScannedId> scan) => scan.Select(s => s.Id).Where(id => !_window.Handled(id));

    /// <summary>Records the ids as told to their hosts; true when the record was full and the floor rose above the
    /// look-back (<see cref="ReadingWindow.Add"/>).</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="now">The current time (UTC).</param>
    public bool Record(IEnumerable<ObjectId> ids, DateTime now) => _window.Add(ids, now);

    /// <summary>The hosts whose fingerprint differs from the last one recorded (a host that had such documents and has
    /// none now included).</summary>
    /// <param name="prints">The current fingerprints per host.</param>
    public IReadOnlyList<string> ChangedUnordered(IReadOnlyDictionary<string, ulong> prints) =>
        prints.Where(p => !_prints.TryGetValue(p.Key, out var before) || before != p.Value).Select(p => p.Key)
            .Concat(_prints.Keys.Where(k => !prints.ContainsKey(k)))
            .ToList();

    /// <summary>Records the fingerprints once their hosts were told.</summary>
    /// <param name="prints">The fingerprints per host.</param>
    public void RecordUnordered(IReadOnlyDictionary<string, ulong> prints) =>
        _prints = new Dictionary<string, ulong>(prints, StringComparer.Ordinal);
}
