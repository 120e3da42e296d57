namespace Lad.Engine.Collections;

/// <summary>
/// A map holding at most <see cref="Capacity"/> entries: using an entry makes it the most recent, and adding one
/// beyond the capacity drops the least recently used. Keeps per-session state bounded in a long-running stream.
/// An entry forgotten with <see cref="Recycle"/> keeps its value for a later <see cref="GetOrAdd"/> to reuse, so a
/// stream whose sessions come and go makes no new state once it has held as many at a time as it ever will.
/// </summary>
public sealed class LruMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _nodes;
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();

    // Entries forgotten by Recycle, their values kept for reuse. Together with the entries held they are never more
    // than the most the map held at once, so keeping them costs no memory the map did not already hold.
    private readonly Stack<LinkedListNode<(TKey Key, TValue Value)>> _recycled = new();

    /// <summary>An empty map that holds at most <paramref name="capacity"/> entries.</summary>
    public LruMap(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _nodes = new Dictionary<TKey, LinkedListNode<(TKey, TValue)>>(comparer);
    }

    /// <summary>The most entries the map holds.</summary>
    public int Capacity { get; }

    /// <summary>How many entries the map holds now.</summary>
    public int Count => _nodes.Count;

    /// <summary>Whether <paramref name="key"/> has an entry (without making it more recent).</summary>
    public bool Contains(TKey key) => _nodes.ContainsKey(key);

    /// <summary>The value for <paramref name="key"/>, if it has an entry (without making it more recent).</summary>
    public bool TryPeek(TKey key, out TValue? value)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            value = node.Value.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The entry for <paramref name="key"/>, made by <paramref name="create"/> when absent; either way now the most
    /// recent. <paramref name="create"/> gets the value of the least recently used entry when that one is dropped to
    /// make room, else the value of an entry forgotten by <see cref="Recycle"/> (default when there is neither), so a
    /// caller can reuse it: a full map, or one that recycled entries, then adds an entry without allocating.
    /// </summary>
    public TValue GetOrAdd(TKey key, Func<TValue?, TValue> create)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            // A session's lines often come one after another: the entry is then the most recent already.
            if (_recency.First != node)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }

            return node.Value.Value;
        }

        TValue? dropped = default;
        if (_nodes.Count == Capacity)
        {
            node = _recency.Last!;
            _recency.RemoveLast();
            _nodes.Remove(node.Value.Key);
            dropped = node.Value.Value;
        }
        else if (_recycled.TryPop(out node))
        {
            dropped = node.Value.Value;
        }

        var value = create(dropped);
        if (node is null)
        {
            node = new LinkedListNode<(TKey, TValue)>((key, value));
        }
        else
        {
            node.Value = (key, value);
        }

        _recency.AddFirst(node);
        _nodes.Add(key, node);
        return value;
    }

    /// <summary>Forgets the entry for <paramref name="key"/>; false when it has none.</summary>
    public bool Remove(TKey key) => Detach(key) is not null;

    /// <summary>
    /// Forgets the entry for <paramref name="key"/> as <see cref="Remove"/> does, but keeps its value for a later
    /// <see cref="GetOrAdd"/> to reuse: the caller must hold no reference to it that expects it unchanged. False when
    /// it has none.
    /// </summary>
    public bool Recycle(TKey key)
    {
        if (Detach(key) is not { } node)
        {
            return false;
        }

        _recycled.Push(node);
        return true;
    }

    // Takes the entry for key out of the map and the recency order; null when it has none.
    private LinkedListNode<(TKey Key, TValue Value)>? Detach(TKey key)
    {
        if (!_nodes.Remove(key, out var node))
        {
            return null;
        }

        _recency.Remove(node);
        return node;
    }

    /// <summary>The entries from least to most recently used; the map must not change while they are enumerated.</summary>
    public IEnumerable<(TKey Key, TValue Value)> OldestFirst()
    {
        for (var node = _recency.Last; node is not null; node = node.Previous)
        {
            yield return node.Value;
        }
    }

    /// <summary>Forgets every entry, recycled ones too.</summary>
    public void Clear()
    {
        _nodes.Clear();
        _recency.Clear();
        _recycled.Clear();
    }
}
