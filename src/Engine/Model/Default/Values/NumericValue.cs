using System.Globalization;

namespace Lad.Engine.Model.Default.Values;

/// <summary>
/// Reads a value piece as a number with an optional unit written after it: <c>42</c>, <c>-3.5</c>, <c>1,234,567</c>,
/// <c>987654321 ms</c>, <c>45%</c>, <c>5.2KB</c>. A unit is letters (and <c>%</c>, <c>/</c>) only, so hex (<c>0x1f</c>,
/// <c>3fa85f64</c>) and ids (<c>blk_-12</c>, <c>an14</c>) are not numbers.
/// </summary>
internal static class NumericValue
{
    private const int MaximumUnitLength = 8;

    /// <summary>Numbers with separators up to this long are rewritten on the stack.</summary>
    private const int StackChars = 64;

    /// <summary>The number and its unit ("" when none), or false when the piece is not a number.</summary>
    public static bool TryParse(string piece, out double value, out string unit)
    {
        var parsed = TryParse(piece, out value, out ReadOnlySpan<char> written);
        unit = written.IsEmpty ? string.Empty : written.ToString();
        return parsed;
    }

    /// <summary>As <see cref="TryParse(string, out double, out string)"/>, the unit being a stretch of <paramref name="s"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out double value, out ReadOnlySpan<char> unit)
    {
        value = 0;
        unit = default;
        var i = s.Length > 1 && s[0] is '-' or '+' ? 1 : 0;
        var digits = 0;
        var commas = 0;
        var dots = 0;
        var commaGroupsOfThree = true;
        var lastComma = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && dots == 0 && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]) && digits > 0)
            {
                dots++;
            }
            else if (c == ',' && dots == 0 && digits > 0 && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                commaGroupsOfThree &= lastComma < 0 || i - lastComma == 4;
                lastComma = i;
                commas++;
            }
            else
            {
                break;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var numberEnd = i;
        commaGroupsOfThree &= lastComma < 0 || numberEnd - lastComma == 4;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        var rest = s[i..];
        if (rest.Length > MaximumUnitLength || (rest.Length > 0 && numberEnd == i && !char.IsLetter(rest[0]) && rest[0] != '%'))
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiLetter(c) && c is not ('%' or '/'))
            {
                return false;
            }
        }

        var number = s[..numberEnd];
        bool parsed;
        if (commas == 0 && dots == 0 && digits <= ExactDigits)
        {
            // Most values are plain integers: read exactly, without the general parser (scoring reads values line after line).
            value = Integer(number);
            parsed = true;
        }
        else if (commas == 0)
        {
            parsed = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        else if (commaGroupsOfThree || commas == 1)
        {
            // Rewritten on the stack (scoring reads values line after line): thousands separators left out, or a
            // decimal comma ("3,5") read as a point.
            Span<char> copy = number.Length <= StackChars ? stackalloc char[StackChars] : new char[number.Length];
            parsed = double.TryParse(Rewritten(number, copy, decimalComma: !commaGroupsOfThree), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        else
        {
            return false;
        }

        if (!parsed || !double.IsFinite(value))
        {
            return false;
        }

        unit = rest;
        return true;
    }

    /// <summary>Integers of up to this many digits are exact in a double, so reading them digit by digit gives what the parser would.</summary>
    private const int ExactDigits = 15;

    private static double Integer(ReadOnlySpan<char> number)
    {
        var negative = number[0] == '-';
        long magnitude = 0;
        foreach (var c in number[(number[0] is '-' or '+' ? 1 : 0)..])
        {
            magnitude = (magnitude * 10) + (c - '0');
        }

        return negative ? -(double)magnitude : magnitude;
    }

    private static ReadOnlySpan<char> Rewritten(ReadOnlySpan<char> number, Span<char> copy, bool decimalComma)
    {
        var written = 0;
        foreach (var c in number)
        {
            if (c != ',')
            {
                copy[written++] = c;
            }
            else if (decimalComma)
            {
                copy[written++] = '.';
            }
        }

        return copy[..written];
    }
}
