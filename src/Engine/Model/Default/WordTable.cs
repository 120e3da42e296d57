using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Words numbered 0, 1, 2, ... in the order added, looked up by a span of chars. Every word of every scored line is
/// looked up here: an open-addressed table with each word's hash kept beside it answers in one probe or two, with one
/// string comparison for a hit and usually none for a miss (a dictionary's look-up by span went through its
/// comparer's interface calls). Read-only once built, so scoring is safe on many threads.
/// </summary>
internal sealed class WordTable
{
    private string[] _words = new string[8];
    private ulong[] _hashes = new ulong[8];
    // Each slot holds a word's number plus one, 0 for none; at most half the slots are used.
    private int[] _slots = new int[16];

    /// <summary>How many words the table holds.</summary>
    public int Count { get; private set; }

    /// <summary>The number of <paramref name="word"/>, or -1.</summary>
    public int IdOf(ReadOnlySpan<char> word) => IdOf(word, HashOf(word));

    private int IdOf(ReadOnlySpan<char> word, ulong hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            var id = _slots[slot] - 1;
            if (id < 0)
            {
                return -1;
            }

            if (_hashes[id] == hash && word.SequenceEqual(_words[id]))
            {
                return id;
            }
        }
    }

    /// <summary>Adds <paramref name="word"/> if the table lacks it; returns its number and whether it was added.</summary>
    public (int Id, bool Added) Add(string word) => Add(word, word);

    /// <summary>The number of <paramref name="word"/>, numbering it next (as a new string) when the table does not hold it yet.</summary>
    public int Add(ReadOnlySpan<char> word) => Add(word, null).Id;

    /// <summary>The word numbered <paramref name="id"/>.</summary>
    public string WordAt(int id) => _words[id];

    private (int Id, bool Added) Add(ReadOnlySpan<char> word, string? asString)
    {
        var hash = HashOf(word);
        var known = IdOf(word, hash);
        if (known >= 0)
        {
            return (known, false);
        }

        if (2 * (Count + 1) > _slots.Length)
        {
            Grow();
        }

        var id = Count++;
        _words[id] = asString ?? word.ToString();
        _hashes[id] = hash;
        Place(id);
        return (id, true);
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        // Words and hashes keep room for as many words as the slots may hold.
        Array.Resize(ref _words, _slots.Length / 2);
        Array.Resize(ref _hashes, _slots.Length / 2);
        for (var id = 0; id < Count; id++)
        {
            Place(id);
        }
    }

    private void Place(int id)
    {
        var mask = _slots.Length - 1;
        var slot = (int)_hashes[id] & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = id + 1;
    }

    private static ulong HashOf(ReadOnlySpan<char> word) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word));
}
