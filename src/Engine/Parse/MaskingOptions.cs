using System.Text.RegularExpressions;

namespace Lad.Engine.Parse;

/// <summary>
/// Which kinds of variable the miner replaces by <c>&lt;*&gt;</c> before it compares lines. Every kind is on by
/// default: the defaults are generic rules that hold for any log, not tuned to one system.
/// </summary>
public sealed record MaskingOptions
{
    /// <summary>Plain numbers: integers, decimals, signed values.</summary>
    public bool Numbers { get; init; } = true;

    /// <summary>Hexadecimal values: <c>0x1f</c> or long runs of hex digits.</summary>
    public bool Hex { get; init; } = true;

    /// <summary>IPv4 and IPv6 addresses, optionally with a port.</summary>
    public bool IpAddresses { get; init; } = true;

    /// <summary>DNS host names (<c>ns.example.com</c>, <c>proxy.cse.cuhk.edu.hk</c>).</summary>
    public bool HostNames { get; init; } = true;

    /// <summary>UUIDs (8-4-4-4-12 hex digits).</summary>
    public bool Uuids { get; init; } = true;

    /// <summary>File system paths (<c>/a/b</c>, <c>./a</c>, <c>~/a</c>, <c>C:\a</c>).</summary>
    public bool Paths { get; init; } = true;

    /// <summary>URLs (anything with <c>://</c>).</summary>
    public bool Urls { get; init; } = true;

    /// <summary>E-mail addresses.</summary>
    public bool Emails { get; init; } = true;

    /// <summary>Dates and times written as one word (<c>2005-06-03</c>, <c>15:16:01</c>, <c>18:01:47,978</c>).</summary>
    public bool DatesAndTimes { get; init; } = true;

    /// <summary>The value part of <c>key=value</c> words (the key stays).</summary>
    public bool KeyValueValues { get; init; } = true;

    /// <summary>Any remaining token that contains a digit (ids like <c>blk_-123</c>, <c>node-246</c>).</summary>
    public bool TokensWithDigits { get; init; } = true;

    /// <summary>
    /// Extra regular expressions; a token that a pattern matches in full becomes a variable. They run after the
    /// built-in rules, so they cost nothing when empty.
    /// </summary>
    public IReadOnlyList<string> ExtraPatterns { get; init; } = [];

    /// <summary>Checks the options and compiles the extra patterns.</summary>
    /// <exception cref="ArgumentException">An extra pattern is empty or not a valid regular expression.</exception>
    internal Regex[] CompilePatterns()
    {
        var compiled = new Regex[ExtraPatterns.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            var pattern = ExtraPatterns[i];
            if (string.IsNullOrEmpty(pattern))
            {
                throw new ArgumentException($"MaskingOptions.ExtraPatterns[{i}] is empty", nameof(ExtraPatterns));
            }

            try
            {
                compiled[i] = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(
                    $"MaskingOptions.ExtraPatterns[{i}] '{pattern}' is not a valid regular expression: {e.Message}",
                    nameof(ExtraPatterns), e);
            }
        }

        return compiled;
    }
}
