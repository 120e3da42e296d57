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

    private static readonly char[] Gaps = [' ', '\t', '(', ')', '[', ']'];

    /// <summary>The pieces of <paramref name="parameter"/>, or an empty list when it is a timestamp.</summary>
    public static IReadOnlyList<string> Split(string parameter)
    {
        if (parameter.AsSpan().IndexOfAny(Gaps) < 0)
        {
            return IsTime(parameter) ? [] : [parameter];
        }

        var parts = parameter.Split(Gaps, StringSplitOptions.RemoveEmptyEntries);
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
    /// A date or time: written with separators, a month or weekday name, or digits padded with leading zeros to a fixed
    /// width ("081109 203615" in a header), which is how clocks and dates are written and quantities and codes are not.
    /// </summary>
    private static bool IsTime(string piece) =>
        VariableRules.IsDateOrTime(piece) || VariableRules.IsMonthOrDay(piece) || (piece.Length >= 2 && piece[0] == '0' && VariableRules.IsAllDigits(piece));
}
