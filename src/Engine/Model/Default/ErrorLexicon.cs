namespace Lad.Engine.Model.Default;

/// <summary>
/// Generic error vocabulary, the same for every log: word stems that signal trouble in any software's messages,
/// each with a strength. A word matches a stem it contains, so compounds like <c>sockettimeoutexception</c> count.
/// </summary>
internal static class ErrorLexicon
{
    private static readonly (string Stem, double Strength)[] Stems =
    [
        ("fatal", 0.9), ("panic", 0.9), ("crash", 0.9), ("segfault", 0.9), ("emerg", 0.9), ("corrupt", 0.8),
        ("error", 0.8), ("fail", 0.8), ("abort", 0.8), ("deadlock", 0.8), ("critical", 0.7), ("exception", 0.7),
        ("killed", 0.7), ("timeout", 0.6), ("refused", 0.6), ("denied", 0.6), ("unreachable", 0.6),
        ("exhausted", 0.6), ("violation", 0.6), ("broken", 0.6), ("terminated", 0.5), ("overflow", 0.5),
        ("unexpected", 0.5), ("unable", 0.5), ("illegal", 0.5), ("exceeded", 0.5), ("rejected", 0.5), ("lost", 0.4),
        ("invalid", 0.4), ("missing", 0.4), ("cannot", 0.4), ("insufficient", 0.4), ("unavailable", 0.5),
        ("severe", 0.6), ("warn", 0.3),
    ];

    // Every word of every line is checked, so the stems are found in one pass over the word rather than one search
    // per stem.
    private static readonly StemMatcher Matcher = new(Stems);

    /// <summary>
    /// The strongest error word's strength plus a quarter of what further error words add (noisy-or), in [0, 1):
    /// a line piling up weak words ("invalid or missing") should not outrank one with a strong word. The strongest
    /// word is given by its index in <paramref name="words"/> (-1 for none), so no word becomes a string for nothing.
    /// Words <paramref name="vocabulary"/> numbered (<see cref="LineWords.Identify"/>) take the strength it holds.
    /// </summary>
    public static double Score(LineWords words, WordVocabulary vocabulary, out int strongest) =>
        Score(ConstantWords.NoErrorWord, words, vocabulary, null, out strongest);

    /// <summary>
    /// As <see cref="Score(LineWords, WordVocabulary, out int)"/> for a line of a template whose constant text's words
    /// are <paramref name="constants"/>: those words, then <paramref name="words"/> (only those in
    /// <paramref name="within"/> when given: the line's other words are the constants). The strongest word is the
    /// strongest of <paramref name="words"/>, in or out of <paramref name="within"/>.
    /// </summary>
    public static double Score(
        ConstantWords constants, LineWords words, WordVocabulary vocabulary, List<(int Start, int End)>? within, out int strongest)
    {
        var (keep, best) = (constants.Keep, constants.Best);
        var strongestStrength = 0.0;
        strongest = -1;
        for (var i = 0; i < words.Count; i++)
        {
            var strength = StrengthAt(words, i, vocabulary);
            if (strength > strongestStrength)
            {
                (strongestStrength, strongest) = (strength, i);
            }

            if (within is null || WordSegments.Contains(within, words.StartAt(i)))
            {
                Add(strength, ref keep, ref best);
            }
        }

        return best + (0.25 * (1 - keep - best));
    }

    /// <summary>The error strength of the <paramref name="index"/>-th word of <paramref name="words"/>.</summary>
    public static double StrengthAt(LineWords words, int index, WordVocabulary vocabulary) =>
        words.IdAt(index) is var id && id == WordVocabulary.Unknown ? StrengthOf(words[index]) : vocabulary.ErrorStrengthOf(id);

    /// <summary>Adds one word's strength to a noisy-or (<paramref name="keep"/>: what no word so far took) and the
    /// strongest so far.</summary>
    public static void Add(double strength, ref double keep, ref double best)
    {
        if (strength > 0)
        {
            keep *= 1 - strength;
            best = Math.Max(best, strength);
        }
    }

    /// <summary>Words with the timeout idiom split in two (<c>timed out</c>) count as a timeout.</summary>
    public static double StrengthOf(ReadOnlySpan<char> word) => word.SequenceEqual("timed") ? 0.6 : Matcher.Strongest(word);
}
