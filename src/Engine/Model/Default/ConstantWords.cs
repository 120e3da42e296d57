namespace Lad.Engine.Model.Default;

/// <summary>
/// What the words of a template's constant text add to a line's evidence, the same for every line that holds those
/// constants as they are: their error words, folded as <see cref="ErrorLexicon"/> folds a line's. Scoring reads only the
/// words of a line's parameters (<see cref="WordSegments"/>) and takes the rest from here; a template whose constant
/// text has a word its training lines did not count, or a digit (which could make it part of an identifier one line and
/// not the next), is not <see cref="Usable"/>, and its lines are read whole.
/// </summary>
/// <param name="Usable">Whether a line of the template may be scored on its parameters' words and these.</param>
/// <param name="Keep">What the constants' error words leave of the noisy-or (1 for none).</param>
/// <param name="Best">The strongest constant error word's strength (0 for none).</param>
internal sealed record ConstantWords(bool Usable, double Keep, double Best)
{
    /// <summary>Constant words no line may be scored on: every line of the template is read whole.</summary>
    public static readonly ConstantWords None = new(false, 1, 0);

    /// <summary>
    /// Constant words holding no error word, as most templates' do (they share this instance; every host keeps one per
    /// template scored), and as a line read whole is scored.
    /// </summary>
    public static readonly ConstantWords NoErrorWord = new(true, 1, 0);

    /// <summary>
    /// The constant words of the template whose words are <paramref name="templateWords"/>, read from one of its lines:
    /// <paramref name="words"/> are all the line's words (numbered by <paramref name="vocabulary"/>), and those outside
    /// <paramref name="segments"/> are the constants'. A template whose word counter overflowed
    /// (<paramref name="wordsOverflowed"/>) holds no word as its own, and a word new to it is no evidence, so its
    /// constants need not be its words.
    /// </summary>
    public static ConstantWords Of(
        ReadOnlySpan<char> line, LineWords words, List<(int Start, int End)> segments, WordVocabulary vocabulary, ReadOnlySpan<int> templateWords,
        bool wordsOverflowed)
    {
        for (var at = 0; at < line.Length; at++)
        {
            if (char.IsDigit(line[at]) && !WordSegments.Contains(segments, at))
            {
                return None;
            }
        }

        var (keep, best) = (1.0, 0.0);
        for (var i = 0; i < words.Count; i++)
        {
            if (WordSegments.Contains(segments, words.StartAt(i)))
            {
                continue;
            }

            if (!wordsOverflowed && !WordVocabulary.Holds(templateWords, words.IdAt(i)))
            {
                return None;
            }

            ErrorLexicon.Add(ErrorLexicon.StrengthAt(words, i, vocabulary), ref keep, ref best);
        }

        return best == 0 ? NoErrorWord : new ConstantWords(true, keep, best);
    }
}
