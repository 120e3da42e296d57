using System.Buffers;
using Lad.Engine.Parse;

namespace Lad.Engine.Model.Default.Values;

/// <summary>
/// Splits a template parameter into the values it holds. The miner joins variables in a row into one parameter so
/// lines of one event keep one shape ("502 157" for a status and a size, "1190 bytes (1.16 KB)"); for value evidence
/// they are separate values, split at whitespace and brackets, each keeping a unit written after it ("157 ms").
/// A parameter holding a date or time is a timestamp and has no values to judge: the miner also joins a line's leading
/// date, time and process id, and a value of those is no evidence.
/// </summary>
internal static class ValuePieces
{
    /// <summary>Pieces beyond this many in one parameter are not profiled.</summary>
    public const int MaximumPieces = 6;

    private static readonly char[] GapChars = [' ', '\t', '(', ')', '[', ']'];

    // Searched for in every parameter of every line scored.
    private static readonly SearchValues<char> Gaps = SearchValues.Create(GapChars);

    /// <summary>The pieces of <paramref name="parameter"/>, or an empty list when it is a timestamp.</summary>
    public static IReadOnlyList<string> Split(string parameter)
    {
        if (parameter.AsSpan().IndexOfAny(Gaps) < 0)
        {
            return IsTime(parameter) ? [] : [parameter];
        }

        var parts = parameter.Split(GapChars, StringSplitOptions.RemoveEmptyEntries);
        var pieces = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (IsTime(part))
            {
                return [];
            }

            if (pieces.Count > 0 && VariableRules.IsUnit(part))
            {
                pieces[^1] = $"{pieces[^1]} {part}";
            }
            else if (pieces.Count < MaximumPieces)
            {
                pieces.Add(part);
            }
        }

        return pieces;
    }

    /// <summary>
    /// Where the pieces <see cref="Split"/> gives for <paramref name="parameter"/> sit in it, without making strings:
    /// into <paramref name="pieces"/> (room for <see cref="MaximumPieces"/>), <paramref name="count"/> of them (0 for a
    /// timestamp). False when a piece is not a stretch of the parameter as written: a unit joined to its number across
    /// anything but one space, which <see cref="Split"/> writes with one.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> parameter, Span<Range> pieces, out int count)
    {
        count = 0;
        if (parameter.IndexOfAny(Gaps) < 0)
        {
            if (!IsTime(parameter))
            {
                pieces[count++] = Range.All;
            }

            return true;
        }

        var contiguous = true;
        var i = 0;
        while (i < parameter.Length)
        {
            if (Gaps.Contains(parameter[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < parameter.Length && !Gaps.Contains(parameter[i]))
            {
                i++;
            }

            var part = parameter[start..i];
            if (IsTime(part))
            {
                count = 0;
                return true;
            }

            if (count > 0 && VariableRules.IsUnit(part))
            {
                var previous = pieces[count - 1];
                var previousEnd = previous.End.GetOffset(parameter.Length);
                contiguous &= previousEnd + 1 == start && parameter[previousEnd] == ' ';
                pieces[count - 1] = new Range(previous.Start, i);
            }
            else if (count < MaximumPieces)
            {
                pieces[count++] = new Range(start, i);
            }
        }

        return contiguous;
    }

    /// <summary>
    /// A date or time: written with separators, a month or weekday name, or digits padded with leading zeros to a fixed
    /// width ("081109 203615" in a header), which is how clocks and dates are written and quantities and codes are not.
    /// </summary>
    private static bool IsTime(ReadOnlySpan<char> piece) =>
        VariableRules.IsDateOrTime(piece) || VariableRules.IsMonthOrDay(piece) || (piece.Length >= 2 && piece[0] == '0' && VariableRules.IsAllDigits(piece));
}
