using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lad.Engine.Parse;

/// <summary>
/// Which telling characters a word contains, found in one pass, so the tokenizer only runs the recognisers that
/// could match (no '@', no e-mail; no ':', no IPv6 ...).
/// </summary>
[Flags]
internal enum WordTraits
{
    /// <summary>None of the characters below.</summary>
    None = 0,

    /// <summary>An ASCII digit.</summary>
    Digit = 1,

    /// <summary>A colon.</summary>
    Colon = 2,

    /// <summary>A dot.</summary>
    Dot = 4,

    /// <summary>A slash.</summary>
    Slash = 8,

    /// <summary>An at sign.</summary>
    At = 16,

    /// <summary>An equals sign.</summary>
    Equals = 32,

    /// <summary>An ASCII upper-case letter.</summary>
    Upper = 64,

    /// <summary>A backslash.</summary>
    Backslash = 128,
}

/// <summary>Computes <see cref="WordTraits"/>.</summary>
internal static class WordTraitsOf
{
    /// <summary>The traits of a word.</summary>
    public static WordTraits Scan(ReadOnlySpan<char> word)
    {
        // A table per ASCII char: every word of every line is scanned, and a switch over the char branched on each
        // (digits and letters alternate in ids, which the branch predictor cannot follow).
        if (Vector256.IsHardwareAccelerated && word.Length >= Chunk)
        {
            return ScanChunks(word);
        }

        var traits = 0;
        foreach (var c in word)
        {
            traits |= c < 128 ? AsciiTraits[c] : 0;
        }

        return (WordTraits)traits;
    }

    private const int Chunk = 16;

    /// <summary>As <see cref="Scan"/>, sixteen chars at a time (the last chunk overlaps the one before it).</summary>
    private static WordTraits ScanChunks(ReadOnlySpan<char> word)
    {
        var traits = WordTraits.None;
        var chars = MemoryMarshal.Cast<char, ushort>(word);
        for (var i = 0; ; i += Chunk)
        {
            var chunk = Vector256.Create(chars.Slice(Math.Min(i, chars.Length - Chunk), Chunk));
            traits |= Any(Vector256.LessThanOrEqual(chunk - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9)), WordTraits.Digit)
                      | Any(Vector256.LessThanOrEqual(chunk - Vector256.Create((ushort)'A'), Vector256.Create((ushort)25)), WordTraits.Upper)
                      | Any(Vector256.Equals(chunk, Vector256.Create((ushort)':')), WordTraits.Colon)
                      | Any(Vector256.Equals(chunk, Vector256.Create((ushort)'.')), WordTraits.Dot)
                      | Any(Vector256.Equals(chunk, Vector256.Create((ushort)'/')), WordTraits.Slash)
                      | Any(Vector256.Equals(chunk, Vector256.Create((ushort)'@')), WordTraits.At)
                      | Any(Vector256.Equals(chunk, Vector256.Create((ushort)'=')), WordTraits.Equals)
                      | Any(Vector256.Equals(chunk, Vector256.Create((ushort)'\\')), WordTraits.Backslash);
            if (i + Chunk >= chars.Length)
            {
                return traits;
            }
        }
    }

    private static WordTraits Any(Vector256<ushort> found, WordTraits trait) => found != Vector256<ushort>.Zero ? trait : WordTraits.None;

    private static readonly byte[] AsciiTraits = Enumerable.Range(0, 128).Select(c => (byte)Of((char)c)).ToArray();

    private static WordTraits Of(char c) => c switch
    {
        >= '0' and <= '9' => WordTraits.Digit,
        >= 'A' and <= 'Z' => WordTraits.Upper,
        ':' => WordTraits.Colon,
        '.' => WordTraits.Dot,
        '/' => WordTraits.Slash,
        '@' => WordTraits.At,
        '=' => WordTraits.Equals,
        '\\' => WordTraits.Backslash,
        _ => WordTraits.None,
    };
}
