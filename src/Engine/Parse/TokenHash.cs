namespace Lad.Engine.Parse;

/// <summary>
/// A stable 64-bit hash of token text (FNV-1a over UTF-16 code units). Stable across processes, unlike
/// <see cref="string.GetHashCode()"/>, so hashes can be saved; never 0, which marks a variable.
/// </summary>
internal static class TokenHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The state before any character.</summary>
    public const ulong Start = Offset;

    /// <summary>Hashes one token's text.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = Start;
        foreach (var c in text)
        {
            hash = Add(hash, c);
        }

        return Finish(hash);
    }

    /// <summary>Folds one character into a running hash.</summary>
    public static ulong Add(ulong state, char c) => (state ^ c) * Prime;

    /// <summary>The final hash of a running state (never the wildcard value).</summary>
    public static ulong Finish(ulong state) => state == LineToken.Wildcard ? 1 : state;

    /// <summary>Folds one token hash into a running signature of a whole token sequence.</summary>
    public static ulong Combine(ulong signature, ulong token) =>
        (signature ^ (token + 0x9E3779B97F4A7C15UL + (signature << 6) + (signature >> 2))) * Prime;
}
