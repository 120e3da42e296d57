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
        var runs = new DigitFreeRuns(letterOrDigit, digit, span.Length);
        while (runs.MoveNext())
        {
            var (start, end) = (runs.Start, runs.End);
            // Month and weekday names are part of a date, not vocabulary ("[Mon Dec 05 ...]" would be new every day).
            if (end - start >= 2 && !(MayBeInIdentifier(span, start, end) && IsInIdentifier(span, start)) && !VariableRules.IsMonthOrDay(span[start..end]))
            {
                words.AddAt(start, end - start);
            }
        }
    }

    /// <summary>Whether the run may be part of a hex identifier chain: a joiner sits right before or after it.</summary>
    private static bool MayBeInIdentifier(ReadOnlySpan<char> span, int start, int end) =>
        IdFragments.MayChain(span, end) || (start >= 2 && IsJoinedAfter(span, start));

    /// <summary>Whether the run at <paramref name="start"/> follows a run of letters and digits and one joiner.</summary>
    private static bool IsJoinedAfter(ReadOnlySpan<char> span, int start) =>
        span[start - 1] is '-' or ':' && char.IsLetterOrDigit(span[start - 2]);

    /// <summary>
    /// Whether the run at <paramref name="start"/> is part of a hex identifier (<see cref="IdFragments"/>). A chain
    /// only joins runs with single joiners, so the runs so joined before it are read from the first, each not already
    /// in a chain trying to start one, as reading the line from its start would.
    /// </summary>
    private static bool IsInIdentifier(ReadOnlySpan<char> span, int start)
    {
        var first = start;
        while (first >= 2 && IsJoinedAfter(span, first))
        {
            first -= 2;
            while (first > 0 && char.IsLetterOrDigit(span[first - 1]))
            {
                first--;
            }
        }

        var idEnd = -1;
        for (var run = first; ; )
        {
            var runEnd = run;
            while (runEnd < span.Length && char.IsLetterOrDigit(span[runEnd]))
            {
                runEnd++;
            }

            if (run >= idEnd)
            {
                idEnd = IdFragments.MayChain(span, runEnd) ? IdFragments.End(span, run) : run;
            }

            if (run == start)
            {
                return start < idEnd;
            }

            // Past the joiner to the next run of the chain.
            run = runEnd + 1;
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
