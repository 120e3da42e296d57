using System.Buffers;
using Lad.Engine.Parse;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The words of a line for vocabulary evidence: maximal runs of letters and digits; runs holding a digit are
/// variables (ids, hex, addresses) and are skipped, the rest are lower-cased when at least two letters long.
/// Punctuation separates, so a syslog tag <c>cron[123]:</c> yields the word <c>cron</c>. Runs of the letters a–f that
/// are pieces of a hex identifier (<c>acbe</c> in <c>3fa85f64-acbe-4562</c>, see <see cref="IdFragments"/>) or, eight
/// or more long, one on their own (<c>aeaeadfb</c>), and capitalised month and weekday names are skipped too.
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
        var maskWords = RunMasks.WordsFor(span.Length);
        Span<ulong> masks = maskWords <= StackMaskWords ? stackalloc ulong[2 * StackMaskWords] : new ulong[2 * maskWords];
        AddWords(span, 0, words.Reset(span.Length), masks, words);
    }

    /// <summary>
    /// Fills <paramref name="words"/> (emptied first) with the words of <paramref name="line"/> that lie in
    /// <paramref name="segments"/>, stretches found by <see cref="WordSegments.TryFind"/>: the words the whole line
    /// gives there, at the same places.
    /// </summary>
    public static void ExtractWithin(ReadOnlySpan<char> line, List<(int Start, int End)> segments, LineWords words)
    {
        var lower = words.Reset(line.Length);
        // Enough for the longest stretch: the line.
        var maskWords = RunMasks.WordsFor(line.Length);
        Span<ulong> masks = maskWords <= StackMaskWords ? stackalloc ulong[2 * StackMaskWords] : new ulong[2 * maskWords];
        foreach (var (start, end) in segments)
        {
            // Most parameters are numbers and addresses: a stretch without a letter has no word.
            var segment = line[start..end];
            if (segment.IndexOfAny(AsciiLetters) >= 0 || segment.IndexOfAnyExceptInRange('\0', '\u007f') >= 0)
            {
                AddWords(segment, start, lower[start..end], masks, words);
            }
        }
    }

    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Adds the words of <paramref name="span"/>, which sits at <paramref name="offset"/> of the line
    /// <paramref name="lower"/> is a part of, classifying its chars into <paramref name="masks"/> (room for two sets).
    /// </summary>
    private static void AddWords(ReadOnlySpan<char> span, int offset, Span<char> lower, Span<ulong> masks, LineWords words)
    {
        var maskWords = RunMasks.WordsFor(span.Length);
        var letterOrDigit = masks[..maskWords];
        var digit = masks.Slice(maskWords, maskWords);
        RunMasks.Classify(span, letterOrDigit, digit, lower);
        var runs = new DigitFreeRuns(letterOrDigit, digit, span.Length);
        while (runs.MoveNext())
        {
            var (start, end) = (runs.Start, runs.End);
            // Month and weekday names are part of a date, not vocabulary ("[Mon Dec 05 ...]" would be new every day).
            if (end - start >= 2 && !(MayBeInIdentifier(span, start, end) && IsInIdentifier(span, start)) && !VariableRules.IsMonthOrDay(span[start..end])
                && !IdFragments.IsLetterHexId(span[start..end]))
            {
                words.AddAt(offset + start, end - start);
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
