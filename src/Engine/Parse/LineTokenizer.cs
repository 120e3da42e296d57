using System.Text.RegularExpressions;

namespace Lad.Engine.Parse;

/// <summary>
/// Splits a line into tokens and masks variables, without allocating. Words are split at whitespace; a word
/// that is as a whole a URL, e-mail, UUID, IP, path or date becomes one variable; a <c>key=value</c> word keeps its
/// key and masks its value; any other word is split at punctuation (<c>: , ; = ( ) [ ] { } " ' |</c>) and each
/// part is masked when it is a number, hex, contains a digit, or matches an extra pattern.
/// </summary>
internal sealed class LineTokenizer
{
    private readonly MaskingOptions _options;
    private readonly Regex[] _patterns;

    /// <summary>Creates a tokenizer for the given masking options (patterns compiled once).</summary>
    public LineTokenizer(MaskingOptions options)
    {
        _options = options;
        _patterns = options.CompilePatterns();
    }

    /// <summary>
    /// Writes the tokens of <paramref name="message"/> into <paramref name="tokens"/>, which must hold at least
    /// <c>message.Length</c> items, and returns how many were written.
    /// </summary>
    public int Tokenize(ReadOnlySpan<char> message, Span<LineToken> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < message.Length)
        {
            while (i < message.Length && char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            var start = i;
            while (i < message.Length && !char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            if (i > start)
            {
                count = AddWord(message, start, i, tokens, count);
            }
        }

        return count;
    }

    /// <summary>
    /// Appends a token; a variable that follows another variable with only whitespace between them extends it, so
    /// variable-length runs ("an14 an15 an16", "Fri Jun 17 07:07:00 2005") give lines of one shape.
    /// </summary>
    private static int Append(ReadOnlySpan<char> message, Span<LineToken> tokens, int count, LineToken token)
    {
        if (token.IsVariable && count > 0 && tokens[count - 1].IsVariable
            && message[tokens[count - 1].End..token.Start].IsWhiteSpace())
        {
            var previous = tokens[count - 1];
            tokens[count - 1] = new LineToken(previous.Start, token.End - previous.Start, LineToken.Wildcard);
            return count;
        }

        tokens[count] = token;
        return count + 1;
    }

    private int AddWord(ReadOnlySpan<char> message, int start, int end, Span<LineToken> tokens, int count)
    {
        var s = start;
        var e = end;
        while (s < e && IsOpening(message[s]))
        {
            s++;
        }

        while (e > s && IsTrailing(message[e - 1]))
        {
            e--;
        }

        var before = count;
        var beforeEnd = count > 0 ? tokens[count - 1].End : -1;
        if (e > s)
        {
            count = AddCore(message, s, e, tokens, count);
        }

        if (count == before && (count == 0 || tokens[count - 1].End == beforeEnd))
        {
            // A word of punctuation only ("-", "***") still carries structure, so it stays a constant.
            count = Append(message, tokens, count, Constant(message, start, end));
        }

        return count;
    }

    private int AddCore(ReadOnlySpan<char> message, int s, int e, Span<LineToken> tokens, int count)
    {
        var core = message[s..e];
        var o = _options;
        if (o.IpAddresses && VariableRules.IsIpv4(core, out var host))
        {
            count = Append(message, tokens, count, new LineToken(s, host, LineToken.Wildcard));
            if (host < core.Length)
            {
                count = Append(message, tokens, count, new LineToken(s + host + 1, core.Length - host - 1, LineToken.Wildcard));
            }

            return count;
        }

        if ((o.Urls && VariableRules.IsUrl(core))
            || (o.Emails && VariableRules.IsEmail(core))
            || (o.Uuids && VariableRules.IsUuid(core))
            || (o.IpAddresses && VariableRules.IsIpv6(core))
            || (o.Paths && VariableRules.IsPath(core))
            || (o.DatesAndTimes && VariableRules.IsDateOrTime(core)))
        {
            count = Append(message, tokens, count, new LineToken(s, e - s, LineToken.Wildcard));
            return count;
        }

        if (o.IpAddresses && VariableRules.IsHostPort(core, out host))
        {
            count = Append(message, tokens, count, new LineToken(s, host, LineToken.Wildcard));
            return Append(message, tokens, count, new LineToken(s + host + 1, core.Length - host - 1, LineToken.Wildcard));
        }

        var equals = core.IndexOf('=');
        if (o.KeyValueValues && equals > 0)
        {
            count = AddParts(message, s, s + equals, tokens, count);
            var v = s + equals + 1;
            var ve = e;
            while (v < ve && (message[v] is '"' or '\'' || message[v] == '='))
            {
                v++;
            }

            while (ve > v && message[ve - 1] is '"' or '\'')
            {
                ve--;
            }

            if (ve > v)
            {
                count = Append(message, tokens, count, new LineToken(v, ve - v, LineToken.Wildcard));
            }

            return count;
        }

        // "key:value" keeps a plain key ("onExtend:1514038530000 14" must not become one variable run).
        var colon = core.IndexOf(':');
        if (colon > 0 && colon < core.Length - 1 && IsPlainKey(core[..colon]))
        {
            count = AddParts(message, s, s + colon, tokens, count);
            s += colon + 1;
        }

        // A word with a variable part is one variable: "LOCAL(0)" and "10.0.0.1" then give lines of one shape.
        return HasVariablePart(message, s, e)
            ? Append(message, tokens, count, new LineToken(s, e - s, LineToken.Wildcard))
            : AddParts(message, s, e, tokens, count);
    }

    private bool HasVariablePart(ReadOnlySpan<char> message, int s, int e)
    {
        var i = s;
        while (i < e)
        {
            while (i < e && IsDelimiter(message[i]))
            {
                i++;
            }

            var start = i;
            while (i < e && !IsDelimiter(message[i]))
            {
                i++;
            }

            if (i > start && IsVariablePart(message[start..i]))
            {
                return true;
            }
        }

        return false;
    }

    private int AddParts(ReadOnlySpan<char> message, int s, int e, Span<LineToken> tokens, int count)
    {
        var i = s;
        while (i < e)
        {
            while (i < e && IsDelimiter(message[i]))
            {
                i++;
            }

            var start = i;
            while (i < e && !IsDelimiter(message[i]))
            {
                i++;
            }

            if (i > start)
            {
                count = Append(message, tokens, count, IsVariablePart(message[start..i])
                    ? new LineToken(start, i - start, LineToken.Wildcard)
                    : Constant(message, start, i));
            }
        }

        return count;
    }

    private bool IsVariablePart(ReadOnlySpan<char> part)
    {
        var o = _options;
        if ((o.Numbers && VariableRules.IsNumber(part))
            || (o.Hex && VariableRules.IsHex(part))
            || (o.TokensWithDigits && VariableRules.HasDigit(part))
            || (o.DatesAndTimes && VariableRules.IsMonthOrDay(part)))
        {
            return true;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(part))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlainKey(ReadOnlySpan<char> key)
    {
        foreach (var c in key)
        {
            if (!char.IsAsciiLetter(c) && c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static LineToken Constant(ReadOnlySpan<char> message, int start, int end) =>
        new(start, end - start, TokenHash.Of(message[start..end]));

    private static bool IsOpening(char c) => c is '(' or '[' or '{' or '<' or '"' or '\'';

    private static bool IsTrailing(char c) => c is ')' or ']' or '}' or '>' or '"' or '\'' or ',' or ';' or ':' or '.';

    private static bool IsDelimiter(char c) =>
        c is ':' or ',' or ';' or '=' or '(' or ')' or '[' or ']' or '{' or '}' or '"' or '\'' or '|' or '<' or '>';
}
