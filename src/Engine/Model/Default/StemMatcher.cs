namespace Lad.Engine.Model.Default;

/// <summary>
/// Finds the strongest of a fixed set of lower-case ASCII stems contained in a word, in one pass over the word: an
/// Aho-Corasick automaton whose states are the stems' prefixes, with every transition precomputed, so each character
/// costs one table lookup whatever the number of stems. A character outside a–z cannot be part of a stem and returns
/// the automaton to its start.
/// </summary>
internal sealed class StemMatcher
{
    private const int Letters = 26;

    // _next[state * Letters + letter] is the state after reading the letter; _strength[state] the strongest stem
    // ending at that state, its own or one that is a suffix of it.
    private readonly int[] _next;
    private readonly double[] _strength;

    public StemMatcher(IReadOnlyList<(string Stem, double Strength)> stems)
    {
        var children = new List<int[]> { NewRow() };
        var strength = new List<double> { 0 };
        foreach (var (stem, value) in stems)
        {
            if (stem.Length == 0 || stem.Any(c => c is < 'a' or > 'z'))
            {
                throw new ArgumentException($"stem '{stem}' is not a non-empty run of the letters a-z", nameof(stems));
            }

            var state = 0;
            foreach (var c in stem)
            {
                var next = children[state][c - 'a'];
                if (next < 0)
                {
                    next = children.Count;
                    children[state][c - 'a'] = next;
                    children.Add(NewRow());
                    strength.Add(0);
                }

                state = next;
            }

            strength[state] = Math.Max(strength[state], value);
        }

        // Breadth first, so a state's fallback (its longest proper suffix that is a prefix of a stem) is complete
        // before the states below it need it.
        _next = new int[children.Count * Letters];
        _strength = new double[children.Count];
        var fallback = new int[children.Count];
        var queue = new Queue<int>();
        for (var c = 0; c < Letters; c++)
        {
            var child = children[0][c];
            _next[c] = Math.Max(child, 0);
            if (child > 0)
            {
                queue.Enqueue(child);
            }
        }

        _strength[0] = strength[0];
        while (queue.TryDequeue(out var state))
        {
            _strength[state] = Math.Max(strength[state], _strength[fallback[state]]);
            for (var c = 0; c < Letters; c++)
            {
                var child = children[state][c];
                if (child > 0)
                {
                    fallback[child] = _next[(fallback[state] * Letters) + c];
                    _next[(state * Letters) + c] = child;
                    queue.Enqueue(child);
                }
                else
                {
                    _next[(state * Letters) + c] = _next[(fallback[state] * Letters) + c];
                }
            }
        }
    }

    /// <summary>The strength of the strongest stem <paramref name="word"/> contains, or 0.</summary>
    public double Strongest(ReadOnlySpan<char> word)
    {
        var state = 0;
        var best = 0.0;
        foreach (var c in word)
        {
            var letter = c - 'a';
            state = (uint)letter < Letters ? _next[(state * Letters) + letter] : 0;
            var strength = _strength[state];
            if (strength > best)
            {
                best = strength;
            }
        }

        return best;
    }

    private static int[] NewRow()
    {
        var row = new int[Letters];
        Array.Fill(row, -1);
        return row;
    }
}
