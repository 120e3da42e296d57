namespace Lad.Engine.Model.Default;

/// <summary>
/// The words of one line (see <see cref="WordExtractor"/>): places in a lower-cased copy of the line, in one buffer
/// reused line after line, so scoring a line makes no string of its words unless a reason quotes one.
/// </summary>
internal sealed class LineWords
{
    [ThreadStatic]
    private static LineWords? _ofThread;

    private char[] _chars = new char[256];
    private (int Start, int Length)[] _words = new (int, int)[32];
    private int[] _ids = new int[32];

    /// <summary>How many words the line has (repeats included).</summary>
    public int Count { get; private set; }

    /// <summary>The <paramref name="index"/>-th word, lower-cased; valid until the buffer is filled again.</summary>
    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_words[index].Start, _words[index].Length);

    /// <summary>
    /// The calling thread's buffer, for a caller that is done with it before anything else on the thread fills it
    /// (scoring one line); a caller that may run inside another makes its own.
    /// </summary>
    public static LineWords OfThread() => _ofThread ??= new LineWords();

    /// <summary>Where the <paramref name="index"/>-th word starts in its line.</summary>
    public int StartAt(int index) => _words[index].Start;

    /// <summary>The number <see cref="Identify"/> gave the <paramref name="index"/>-th word.</summary>
    public int IdAt(int index) => _ids[index];

    /// <summary>
    /// Numbers every word by <paramref name="vocabulary"/> (<see cref="WordVocabulary.Unknown"/> for a word it lacks),
    /// read back by <see cref="IdAt"/> until the buffer is filled again.
    /// </summary>
    public void Identify(WordVocabulary vocabulary)
    {
        EnsureIds();
        NumberedBy = null;
        for (var i = 0; i < Count; i++)
        {
            _ids[i] = vocabulary.IdOf(this[i]);
        }
    }

    /// <summary>
    /// Numbers every word by <paramref name="table"/>, adding those it lacks, read back by <see cref="IdAt"/> until the
    /// buffer is filled again: training counts a line's words by number in every profile it feeds, hashing each once.
    /// </summary>
    public void Number(WordTable table)
    {
        EnsureIds();
        for (var i = 0; i < Count; i++)
        {
            _ids[i] = table.Add(this[i]);
        }

        NumberedBy = table;
    }

    /// <summary>The table that numbered the words now held (<see cref="Number"/>), or null.</summary>
    public WordTable? NumberedBy { get; private set; }

    private void EnsureIds()
    {
        if (_ids.Length < Count)
        {
            _ids = new int[_words.Length];
        }
    }

    /// <summary>The <paramref name="index"/>-th word as a string.</summary>
    public string StringAt(int index) => new(this[index]);

    /// <summary>The words as strings, in order.</summary>
    public List<string> ToList()
    {
        var words = new List<string>(Count);
        for (var i = 0; i < Count; i++)
        {
            words.Add(StringAt(i));
        }

        return words;
    }

    /// <summary>
    /// As <see cref="IsRepeat"/> for words a table numbered (<see cref="Number"/>): their numbers are compared, not their
    /// chars. (Numbers from a vocabulary are not enough: every word it lacks has the same one.)
    /// </summary>
    public bool IsRepeatedNumber(int index)
    {
        var id = _ids[index];
        for (var i = 0; i < index; i++)
        {
            if (_ids[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the <paramref name="index"/>-th word appeared before it in the line.</summary>
    public bool IsRepeat(int index)
    {
        var word = this[index];
        for (var i = 0; i < index; i++)
        {
            if (this[i].SequenceEqual(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Empties the buffer for a line of <paramref name="lineLength"/> chars and returns where the line is to be written
    /// lower-cased (as <see cref="string.ToLowerInvariant()"/> would, char for char); its words are then places in it,
    /// kept by <see cref="AddAt"/>.
    /// </summary>
    public Span<char> Reset(int lineLength)
    {
        Count = 0;
        NumberedBy = null;
        if (_chars.Length < lineLength)
        {
            _chars = new char[Math.Max(_chars.Length * 2, lineLength)];
        }

        return _chars.AsSpan(0, lineLength);
    }

    /// <summary>Keeps the <paramref name="length"/> chars at <paramref name="start"/> of the line <see cref="Reset"/> took as its next word.</summary>
    public void AddAt(int start, int length)
    {
        if (Count == _words.Length)
        {
            Array.Resize(ref _words, _words.Length * 2);
        }

        _words[Count++] = (start, length);
        NumberedBy = null;
    }
}
