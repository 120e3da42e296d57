namespace Lad.Engine.Model.Default;

/// <summary>
/// The stretches of a line whose words can differ from one line of a template to the next: its parameters, widened
/// to the whole runs of letters and digits they touch, and joined where a '-' or ':' joins them (the neighbours
/// <see cref="WordExtractor"/> reads to tell an identifier's pieces from words). Outside them is only the template's
/// constant text, whose words are the same in every line of the template. Reading the words of these stretches alone
/// gives the words the whole line would give there, unless a joiner chains a parameter to constant text: then the
/// constant's words depend on the value, and <see cref="TryFind"/> says no.
/// </summary>
internal static class WordSegments
{
    /// <summary>
    /// Fills <paramref name="segments"/> (emptied first) with the stretches of <paramref name="line"/> around
    /// <paramref name="ranges"/> (in line order, not overlapping), as start and end offsets; false when a joiner chains a
    /// parameter to constant text.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> line, List<Range> ranges, List<(int Start, int End)> segments)
    {
        segments.Clear();
        foreach (var range in ranges)
        {
            var (start, end) = (range.Start.GetOffset(line.Length), range.End.GetOffset(line.Length));
            while (start > 0 && char.IsLetterOrDigit(line[start - 1]))
            {
                start--;
            }

            while (end < line.Length && char.IsLetterOrDigit(line[end]))
            {
                end++;
            }

            if (segments.Count > 0 && segments[^1] is var last && start <= last.End + 1)
            {
                // Touching the last one, or one joiner away from it: one stretch.
                if (start == last.End + 1 && !IsJoiner(line[last.End]))
                {
                    segments.Add((start, end));
                    continue;
                }

                segments[^1] = (last.Start, Math.Max(last.End, end));
                continue;
            }

            segments.Add((start, end));
        }

        // A joiner at a stretch's edge with a letter or digit beyond it chains the stretch to constant text.
        foreach (var (start, end) in segments)
        {
            if ((start >= 2 && IsJoiner(line[start - 1]) && char.IsLetterOrDigit(line[start - 2]))
                || (end + 1 < line.Length && IsJoiner(line[end]) && char.IsLetterOrDigit(line[end + 1])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="offset"/> lies in one of <paramref name="segments"/>.</summary>
    public static bool Contains(List<(int Start, int End)> segments, int offset)
    {
        foreach (var (start, end) in segments)
        {
            if (offset < start)
            {
                return false;
            }

            if (offset < end)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsJoiner(char c) => c is '-' or ':';
}
