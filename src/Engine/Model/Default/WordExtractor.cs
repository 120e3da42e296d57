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
        var lower = words.Reset(span.Length);
        var maskWords = RunMasks.WordsFor(span.Length);
        Span<ulong> masks = maskWords <= StackMaskWords ? stackalloc ulong[2 * StackMaskWords] : new ulong[2 * maskWords];
        var letterOrDigit = masks[..maskWords];
        var digit = masks.Slice(maskWords, maskWords);
        RunMasks.Classify(span, letterOrDigit, digit, lower);
        var idEnd = -1;
        var start = RunMasks.NextSet(letterOrDigit, 0);
        while (start >= 0)
        {
            var end = RunMasks.NextClear(letterOrDigit, start, span.Length);
            if (start >= idEnd)
            {
                idEnd = IdFragments.MayChain(span, end) ? IdFragments.End(span, start) : start;
            }

            // Month and weekday names are part of a date, not vocabulary ("[Mon Dec 05 ...]" would be new every day).
            if (end - start >= 2 && start >= idEnd && !RunMasks.AnySet(digit, start, end) && !VariableRules.IsMonthOrDay(span[start..end]))
            {
                words.AddAt(start, end - start);
            }

            start = end < span.Length ? RunMasks.NextSet(letterOrDigit, end + 1) : -1;
        }
    }

    // Lines up to 1,024 chars keep their masks on the stack.
    private const int StackMaskWords = 16;

    /// <summary>The distinct words, in first-seen order.</summary>
    public static List<string> DistinctWords(string text)
    {
        var words = Words(text);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        words.RemoveAll(w => !seen.Add(w));
        return words;
    }
}
