namespace Lad.Engine.Parse;

/// <summary>
/// A per-thread token buffer so tokenising for <see cref="TemplateMiner.Match"/> allocates nothing once the
/// buffer has grown to the longest line seen, and concurrent readers never share one.
/// </summary>
internal static class TokenBuffer
{
    [ThreadStatic]
    private static LineToken[]? t_tokens;

    /// <summary>A buffer of at least <paramref name="length"/> tokens owned by the calling thread.</summary>
    public static LineToken[] Rent(int length)
    {
        var buffer = t_tokens;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new LineToken[Math.Max(Math.Max(length, 64), (buffer?.Length ?? 0) * 2)];
            t_tokens = buffer;
        }

        return buffer;
    }
}
