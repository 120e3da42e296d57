using Lad.Engine.Parse;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The words of a line for vocabulary evidence: maximal runs of letters and digits; runs holding a digit are
/// variables (ids, hex, addresses) and are skipped, the rest are lower-cased when at least two letters long.
/// Punctuation separates, so a syslog tag <c>cron[123]:</c> yields the word <c>cron</c>. Runs of the letters a–f that
/// are pieces of a hex identifier (<c>acbe</c> in <c>3fa85f64-acbe-4562</c>, see <see cref="IdFragments"/>) and
/// capitalised month and weekday names are skipped too.
/// </summary>
internal static class WordExtractor
{
    public static List<string> Words(string text)
    {
        var words = new LineWords();
        Extract(text, words);
        return words.ToList();
    }

    /// <summary>Fills <paramref name="words"/> with the words of <paramref name="span"/> (emptied first).</summary>
    public static void Extract(ReadOnlySpan<char> span, LineWords words)
    {
        words.Clear();
        var i = 0;
        var idEnd = -1;
        while (i < span.Length)
        {
            if (ClassOf(span[i]) == Other)
            {
                i++;
                continue;
            }

            var start = i;
            var hasDigit = false;
            int kind;
            while (i < span.Length && (kind = ClassOf(span[i])) != Other)
            {
                hasDigit |= kind == Digit;
                i++;
            }

            if (start >= idEnd)
            {
                idEnd = IdFragments.MayChain(span, i) ? IdFragments.End(span, start) : start;
            }

            // Month and weekday names are part of a date, not vocabulary ("[Mon Dec 05 ...]" would be new every day).
            if (!hasDigit && i - start >= 2 && start >= idEnd && !VariableRules.IsMonthOrDay(span[start..i]))
            {
                words.Add(span[start..i]);
            }
        }
    }

    private const byte Other = 0;
    private const byte Letter = 1;
    private const byte Digit = 2;

    // Every scored line is read char by char here: a table answers for ASCII, where char.IsLetterOrDigit and
    // char.IsDigit each branch on the char's range before looking it up.
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    /// <summary>Whether <paramref name="c"/> is a digit, another letter or digit, or neither, as char.IsDigit and char.IsLetterOrDigit tell.</summary>
    private static int ClassOf(char c) =>
        c < 128 ? AsciiClasses[c] : char.IsDigit(c) ? Digit : char.IsLetterOrDigit(c) ? Letter : Other;

    /// <summary>The distinct words, in first-seen order.</summary>
    public static List<string> DistinctWords(string text)
    {
        var words = Words(text);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        words.RemoveAll(w => !seen.Add(w));
        return words;
    }
}
