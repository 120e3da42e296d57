namespace Lad.Engine.Model.Default;

/// <summary>
/// Tells pieces of hex identifiers from words by their neighbours: a chain of at least two hex groups joined by '-' or
/// ':' (a UUID or a piece of one, a MAC address, a request id) with at least 8 hex digits, one of them a decimal
/// digit, is an identifier, so its letters-only groups (<c>acbe</c>, <c>adfe</c>) are not words. Real words made of
/// the letters a–f ("bad", "dead", "cafe", "added") stay words: alone, or joined only to other letters, they carry
/// no digit. Alone, eight or more such letters are an identifier all the same (<see cref="IsLetterHexId"/>).
/// </summary>
internal static class IdFragments
{
    private const int MinimumHexDigits = 8;

    /// <summary>
    /// Whether <paramref name="run"/>, letters only, is a hex identifier on its own: at least 8 of the letters a–f (a
    /// hash or id that happened to draw no decimal digit, as in <c>site.aeaeadfb.css</c>), which no common word is.
    /// </summary>
    public static bool IsLetterHexId(ReadOnlySpan<char> run) =>
        run.Length >= MinimumHexDigits && !run.ContainsAnyExcept(LetterHexDigits);

    private static readonly System.Buffers.SearchValues<char> LetterHexDigits = System.Buffers.SearchValues.Create("abcdefABCDEF");

    /// <summary>
    /// Whether a run of letters and digits ending at <paramref name="runEnd"/> may start an identifier chain: only if
    /// a joiner and a hex digit follow it, since a chain's first group is the whole run. When false,
    /// <see cref="End"/> at the run's start returns that start, so a caller that knows where its run ends can skip
    /// rescanning it (most runs, and long numbers above all, are followed by a space).
    /// </summary>
    public static bool MayChain(ReadOnlySpan<char> text, int runEnd) =>
        runEnd + 1 < text.Length && text[runEnd] is '-' or ':' && char.IsAsciiHexDigit(text[runEnd + 1]);

    /// <summary>
    /// Where the identifier chain starting at <paramref name="start"/> ends, or <paramref name="start"/> when the
    /// text there does not start one.
    /// </summary>
    public static int End(ReadOnlySpan<char> text, int start)
    {
        var i = start;
        var groups = 0;
        var hexDigits = 0;
        var decimalDigit = false;
        var end = start;
        while (true)
        {
            var groupStart = i;
            var groupDigit = false;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                groupDigit |= char.IsAsciiDigit(text[i]);
                i++;
            }

            if (i == groupStart || (i < text.Length && char.IsLetterOrDigit(text[i])))
            {
                // Empty, or a run that goes on with letters beyond f: not a hex group.
                break;
            }

            groups++;
            hexDigits += i - groupStart;
            decimalDigit |= groupDigit;
            end = i;
            if (i + 1 < text.Length && text[i] is '-' or ':' && char.IsAsciiHexDigit(text[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        return groups >= 2 && hexDigits >= MinimumHexDigits && decimalDigit ? end : start;
    }
}
