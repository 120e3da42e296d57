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
        var traits = WordTraits.None;
        foreach (var c in word)
        {
            traits |= c switch
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

        return traits;
    }
}
