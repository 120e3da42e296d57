using System.Globalization;

namespace Lad.Client.Commands;

/// <summary>How the console writes a host's threshold, and its routine templates' bar after it where that is lower.</summary>
internal static class ThresholdsText
{
    /// <summary>
    /// <paramref name="threshold"/> in <paramref name="format"/> (<c>-</c> when there is none yet), followed by
    /// <c> / </c> and <paramref name="routine"/> when that is lower.
    /// </summary>
    public static string Of(double? threshold, double? routine, string format) => threshold is not { } other ? "-"
        : routine is { } lower && lower < other
            ? $"{other.ToString(format, CultureInfo.InvariantCulture)} / {lower.ToString(format, CultureInfo.InvariantCulture)}"
            : other.ToString(format, CultureInfo.InvariantCulture);
}
