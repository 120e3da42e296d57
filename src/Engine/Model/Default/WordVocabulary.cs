using System.Numerics;
using System.Runtime.InteropServices;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The words a host profile's templates hold (each template's <see cref="TemplateProfile.Words"/>), numbered, with
/// each word's error-vocabulary strength: scoring looks a line's word up once here, and then asks whether the line's
/// template holds it and how error-like it is by number, instead of hashing the word again in the template's counter
/// and running it through the error stems. Read-only once built, so scoring is safe on many threads.
/// </summary>
internal sealed class WordVocabulary
{
    /// <summary>The number of a word no template holds.</summary>
    public const int Unknown = -1;

    // Every word's characters side by side, so looking words up reads one small block of memory rather than a string
    // object per word; word n is _chars[_starts[n].._starts[n + 1]].
    private readonly char[] _chars;
    private readonly int[] _starts;
    private readonly uint[] _hashes;
    private readonly double[] _errorStrengths;

    // Open addressing: each slot holds a word's number plus one, 0 when empty; at most half the slots are used.
    private readonly int[] _slots;
    private readonly int _slotMask;

    // The numbers of the words each template holds, ascending, by template id.
    private readonly Dictionary<int, int[]> _templateWords = [];

    /// <summary>Numbers the words of <paramref name="templates"/>' word counters.</summary>
    public WordVocabulary(IEnumerable<TemplateProfile> templates)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            var ids = new List<int>();
            foreach (var word in template.Words.Counted)
            {
                if (!numbers.TryGetValue(word, out var id))
                {
                    id = numbers.Count;
                    numbers.Add(word, id);
                }

                ids.Add(id);
            }

            ids.Sort();
            _templateWords[template.TemplateId] = [.. ids];
        }

        var words = new string[numbers.Count];
        foreach (var (word, id) in numbers)
        {
            words[id] = word;
        }

        _chars = string.Concat(words).ToCharArray();
        _starts = new int[words.Length + 1];
        _hashes = new uint[words.Length];
        _errorStrengths = new double[words.Length];
        _slots = new int[Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)words.Length * 2))];
        _slotMask = _slots.Length - 1;
        for (var id = 0; id < words.Length; id++)
        {
            _starts[id + 1] = _starts[id] + words[id].Length;
            _hashes[id] = Hash(words[id]);
            _errorStrengths[id] = ErrorLexicon.StrengthOf(words[id]);
            var slot = (int)(_hashes[id] & (uint)_slotMask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _slotMask;
            }

            _slots[slot] = id + 1;
        }
    }

    /// <summary>How many distinct words the templates hold.</summary>
    public int Count => _hashes.Length;

    /// <summary>The number of <paramref name="word"/> (lower-cased as <see cref="LineWords"/> holds it), or <see cref="Unknown"/>.</summary>
    public int IdOf(ReadOnlySpan<char> word)
    {
        var hash = Hash(word);
        var slot = (int)(hash & (uint)_slotMask);
        for (var entry = _slots[slot]; entry != 0; entry = _slots[slot])
        {
            var id = entry - 1;
            if (_hashes[id] == hash && word.SequenceEqual(_chars.AsSpan(_starts[id], _starts[id + 1] - _starts[id])))
            {
                return id;
            }

            slot = (slot + 1) & _slotMask;
        }

        return Unknown;
    }

    /// <summary>The error-vocabulary strength of word <paramref name="id"/> (<see cref="ErrorLexicon.StrengthOf"/>).</summary>
    public double ErrorStrengthOf(int id) => _errorStrengths[id];

    /// <summary>The numbers of the words template <paramref name="templateId"/> holds, ascending (none for a template not numbered).</summary>
    public ReadOnlySpan<int> WordsOf(int templateId) => _templateWords.TryGetValue(templateId, out var ids) ? ids : [];

    /// <summary>Whether the template whose words are <paramref name="templateWords"/> (<see cref="WordsOf"/>) holds word <paramref name="id"/>.</summary>
    public static bool Holds(ReadOnlySpan<int> templateWords, int id) => id != Unknown && templateWords.BinarySearch(id) >= 0;

    /// <summary>
    /// A hash of a word read four characters at a time: words are short, so this costs a few multiplications where a
    /// hash per character costs one for each.
    /// </summary>
    private static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = (ulong)word.Length * 0x9E3779B97F4A7C15UL;
        var chunks = MemoryMarshal.Cast<char, ulong>(word);
        foreach (var chunk in chunks)
        {
            hash = (hash ^ chunk) * 0xFF51AFD7ED558CCDUL;
        }

        foreach (var c in word[(chunks.Length * 4)..])
        {
            hash = (hash ^ c) * 0xC4CEB9FE1A85EC53UL;
        }

        return (uint)(hash ^ (hash >> 32));
    }
}
