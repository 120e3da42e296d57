using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Lad.Engine.Parse;

/// <summary>
/// Splits a line into tokens and masks variables, without allocating. Words are split at whitespace and trimmed of
/// wrapping brackets, quotes and trailing punctuation. A word that is as a whole an IP (with port), URL, e-mail,
/// UUID, host name, path or date becomes one variable; <c>key=value</c> keeps its key and masks its value;
/// <c>key:value</c> keeps a plain key; any other word with a variable part (a number, hex, a digit, a calendar name,
/// an extra pattern) is one variable, and a word without one is split at punctuation into constants. Variables in a
/// row (separated by whitespace or brackets only) and a unit after a variable form one variable, so lines of one
/// event keep one shape.
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
        var maskWords = WordBreaks.WordsFor(message.Length);
        Span<ulong> breaks = maskWords <= StackMaskWords ? stackalloc ulong[StackMaskWords] : new ulong[maskWords];
        breaks = breaks[..maskWords];
        WordBreaks.Find(message, breaks);
        var count = 0;
        var start = WordBreaks.Next(breaks, 0, message.Length, set: false);
        while (start < message.Length)
        {
            var end = WordBreaks.Next(breaks, start, message.Length, set: true);
            count = AddWord(message, start, end, tokens, count);
            start = WordBreaks.Next(breaks, end, message.Length, set: false);
        }

        return count;
    }

    // Lines up to 1,024 chars keep their break mask on the stack.
    private const int StackMaskWords = 16;

    /// <summary>
    /// Appends a token. A variable that follows another variable with only whitespace between them extends it, so
    /// variable-length runs ("an14 an15 an16", "Fri Jun 17 07:07:00 2005") give lines of one shape; a unit right
    /// after a variable ("5.2 KB", "&lt;1 sec") belongs to it, so "93 B" and "5.2 KB" give one shape too.
    /// </summary>
    private static int Append(ReadOnlySpan<char> message, Span<LineToken> tokens, int count, LineToken token)
    {
        if (count > 0 && tokens[count - 1].IsVariable
            && (token.IsVariable
                ? IsVariableRunGap(message[tokens[count - 1].End..token.Start])
                : message[tokens[count - 1].End..token.Start].IsWhiteSpace() && VariableRules.IsUnit(message.Slice(token.Start, token.Length))))
        {
            var previous = tokens[count - 1];
            tokens[count - 1] = new LineToken(previous.Start, token.End - previous.Start, LineToken.Wildcard);
            return count;
        }

        tokens[count] = token;
        return count + 1;
    }

    /// <summary>
    /// Writes how a variable token shows in a template: constant parts stay, each variable part becomes
    /// <c>&lt;*&gt;</c> (a run separated by whitespace only is one), punctuation stays: "chdir(/p/t800" shows as
    /// "chdir(&lt;*&gt;", "1.2.3.4 (host-1.example.net" as "&lt;*&gt; (&lt;*&gt;". A word that is a whole value
    /// whose inner punctuation means nothing to a reader (an IPv6 or MAC address, a URL, a UUID) is one <c>&lt;*&gt;</c>,
    /// also within a run: "10.0.0.7 da:12:94:cf:9e:a0" shows as "&lt;*&gt;", not with the address's letter-only
    /// octets as words. At least one <c>&lt;*&gt;</c> is written.
    /// </summary>
    public void ShowVariable(ReadOnlySpan<char> span, StringBuilder text)
    {
        if (IsWholeValue(span))
        {
            text.Append(LogTemplate.Variable);
            return;
        }

        var start = text.Length;
        var variables = 0;
        var lastWasVariable = false;
        var space = false;
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }

            if (i == 0 || char.IsWhiteSpace(span[i - 1]))
            {
                var end = i;
                while (end < span.Length && !char.IsWhiteSpace(span[end]))
                {
                    end++;
                }

                // Only where a piece would show as a word: "15:16:01" in a run still shows as "<*>:<*>:<*>".
                if ((span[i..end].ContainsAnyInRange('a', 'z') || span[i..end].ContainsAnyInRange('A', 'Z')) && IsWholeValue(span[i..end]))
                {
                    if (!(lastWasVariable && space))
                    {
                        text.Append(space ? " " : string.Empty).Append(LogTemplate.Variable);
                    }

                    variables++;
                    lastWasVariable = true;
                    space = false;
                    i = end;
                    continue;
                }
            }

            if (IsDelimiter(c))
            {
                text.Append(space ? " " : string.Empty).Append(c);
                lastWasVariable = false;
                space = false;
                i++;
                continue;
            }

            var from = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i]) && !IsDelimiter(span[i]))
            {
                i++;
            }

            var piece = span[from..i];
            if (IsVariablePiece(piece))
            {
                if (!(lastWasVariable && space))
                {
                    text.Append(space ? " " : string.Empty).Append(LogTemplate.Variable);
                }

                variables++;
                lastWasVariable = true;
            }
            else
            {
                text.Append(space ? " " : string.Empty).Append(piece);
                lastWasVariable = false;
            }

            space = false;
        }

        if (variables == 0)
        {
            text.Length = start;
            text.Append(LogTemplate.Variable);
        }
    }

    private bool IsWholeValue(ReadOnlySpan<char> word)
    {
        var o = _options;
        return (o.IpAddresses && VariableRules.IsIpv6(word)) || (o.Urls && VariableRules.IsUrl(word)) || (o.Uuids && VariableRules.IsUuid(word));
    }

    private bool IsVariablePiece(ReadOnlySpan<char> piece)
    {
        var o = _options;
        return IsVariablePart(piece)
               || VariableRules.IsUnit(piece)
               || (o.HostNames && VariableRules.IsHostName(piece))
               || (o.Paths && VariableRules.IsPath(piece))
               || (o.Urls && VariableRules.IsUrl(piece))
               || (o.Emails && VariableRules.IsEmail(piece))
               || (o.Uuids && VariableRules.IsUuid(piece))
               || (o.DatesAndTimes && VariableRules.IsDateOrTime(piece));
    }

    /// <summary>Whitespace, possibly with brackets: "1190 bytes (1.16 KB)" is one value with its detail.</summary>
    private static bool IsVariableRunGap(ReadOnlySpan<char> gap)
    {
        var space = false;
        foreach (var c in gap)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
            }
            else if (c is not ('(' or ')' or '[' or ']'))
            {
                return false;
            }
        }

        return space;
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

        if (e == s && end - start == 2 && IsOpening(message[start]) && IsTrailing(message[start + 1]))
        {
            // An empty pair "()" or "[]" is an empty value, so "from 1.2.3.4 ()" and "from 1.2.3.4 (host)" agree.
            return Append(message, tokens, count, new LineToken(start, 2, LineToken.Wildcard));
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

        // Fast paths for the commonest words. A plain word (letters, '_', '-', '.') can only be a variable as a
        // calendar name, a host name (which has a dot), a letters-only UUID or through an extra pattern; a run of
        // digits is always a number.
        if (_patterns.Length == 0 && core.Length != 36 && TryHashPlainWord(core, out var hash, out var hasDot))
        {
            return Append(message, tokens, count, (o.DatesAndTimes && VariableRules.IsMonthOrDay(core)) || (o.HostNames && hasDot && VariableRules.IsHostName(core))
                ? new LineToken(s, e - s, LineToken.Wildcard)
                : new LineToken(s, e - s, hash));
        }

        if ((o.Numbers || o.TokensWithDigits) && VariableRules.IsAllDigits(core))
        {
            return Append(message, tokens, count, new LineToken(s, e - s, LineToken.Wildcard));
        }

        var traits = WordTraitsOf.Scan(core);
        var leadingDigit = char.IsAsciiDigit(core[0]);
        if (o.IpAddresses && leadingDigit && Has(traits, WordTraits.Dot) && VariableRules.IsIpv4(core, out var host))
        {
            count = Append(message, tokens, count, new LineToken(s, host, LineToken.Wildcard));
            if (host < core.Length)
            {
                count = Append(message, tokens, count, new LineToken(s + host + 1, core.Length - host - 1, LineToken.Wildcard));
            }

            return count;
        }

        if ((o.Urls && Has(traits, WordTraits.Colon | WordTraits.Slash) && VariableRules.IsUrl(core))
            || (o.Emails && Has(traits, WordTraits.At) && VariableRules.IsEmail(core))
            || (o.Uuids && core.Length == 36 && VariableRules.IsUuid(core))
            || (o.HostNames && Has(traits, WordTraits.Dot) && !Has(traits, WordTraits.Upper) && VariableRules.IsHostName(core))
            || (o.IpAddresses && Has(traits, WordTraits.Colon) && VariableRules.IsIpv6(core))
            || (o.Paths && (core[0] is '/' or '.' or '~' || Has(traits, WordTraits.Backslash)) && VariableRules.IsPath(core))
            || (o.DatesAndTimes && leadingDigit && VariableRules.IsDateOrTime(core)))
        {
            count = Append(message, tokens, count, new LineToken(s, e - s, LineToken.Wildcard));
            return count;
        }

        if (o.IpAddresses && Has(traits, WordTraits.Colon | WordTraits.Digit) && VariableRules.IsHostPort(core, out host))
        {
            count = Append(message, tokens, count, new LineToken(s, host, LineToken.Wildcard));
            return Append(message, tokens, count, new LineToken(s + host + 1, core.Length - host - 1, LineToken.Wildcard));
        }

        var equals = Has(traits, WordTraits.Equals) ? core.IndexOf('=') : -1;
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
        var colon = Has(traits, WordTraits.Colon) ? core.IndexOf(':') : -1;
        if (colon > 0 && colon < core.Length - 1 && IsPlainWord(core[..colon]))
        {
            count = AddParts(message, s, s + colon, tokens, count);
            s += colon + 1;
        }

        // A word with a variable part is one variable: "LOCAL(0)" and "10.0.0.1" then give lines of one shape.
        // A digit always makes a variable part; without digits only calendar names and extra patterns can.
        var variable = (o.TokensWithDigits && Has(traits, WordTraits.Digit))
                       || ((Has(traits, WordTraits.Digit) || Has(traits, WordTraits.Upper) || _patterns.Length > 0) && HasVariablePart(message, s, e));
        return variable
            ? Append(message, tokens, count, new LineToken(s, e - s, LineToken.Wildcard))
            : AddParts(message, s, e, tokens, count);
    }

    private static bool Has(WordTraits traits, WordTraits wanted) => (traits & wanted) == wanted;

    private bool HasVariablePart(ReadOnlySpan<char> message, int s, int e)
    {
        var i = s;
        while (NextPart(message, ref i, e, out var start))
        {
            if (IsVariablePart(message[start..i]))
            {
                return true;
            }
        }

        return false;
    }

    private int AddParts(ReadOnlySpan<char> message, int s, int e, Span<LineToken> tokens, int count)
    {
        var i = s;
        while (NextPart(message, ref i, e, out var start))
        {
            count = Append(message, tokens, count, IsVariablePart(message[start..i])
                ? new LineToken(start, i - start, LineToken.Wildcard)
                : Constant(message, start, i));
        }

        return count;
    }

    /// <summary>
    /// Finds the next delimiter-free part of <c>message[i..e]</c>: on true it spans <paramref name="start"/> to the
    /// advanced <paramref name="i"/>; false when only delimiters are left.
    /// </summary>
    private static bool NextPart(ReadOnlySpan<char> message, ref int i, int e, out int start)
    {
        while (i < e && IsDelimiter(message[i]))
        {
            i++;
        }

        start = i;
        while (i < e && !IsDelimiter(message[i]))
        {
            i++;
        }

        return i > start;
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

    private static bool IsPlainWord(ReadOnlySpan<char> word) => TryHashPlainWord(word, out _, out _);

    /// <summary>
    /// Hashes the word in the same pass that checks it is plain, and tells whether it has a dot; false at the first
    /// other character.
    /// </summary>
    private static bool TryHashPlainWord(ReadOnlySpan<char> word, out ulong hash, out bool hasDot)
    {
        var state = TokenHash.Start;
        hasDot = false;
        foreach (var c in word)
        {
            if (!char.IsAsciiLetter(c) && c is not ('_' or '-' or '.'))
            {
                hash = 0;
                return false;
            }

            hasDot |= c == '.';
            state = TokenHash.Add(state, c);
        }

        hash = TokenHash.Finish(state);
        return true;
    }

    private static LineToken Constant(ReadOnlySpan<char> message, int start, int end) =>
        new(start, end - start, TokenHash.Of(message[start..end]));

    private static bool IsOpening(char c) => c is '(' or '[' or '{' or '<' or '"' or '\'';

    // Asked of nearly every char of every line; the JIT left both out of line, a call per char.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsTrailing(char c) => c is ')' or ']' or '}' or '>' or '"' or '\'' or ',' or ';' or ':' or '.';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDelimiter(char c) =>
        c is ':' or ',' or ';' or '=' or '(' or ')' or '[' or ']' or '{' or '}' or '"' or '\'' or '|' or '<' or '>';
}
