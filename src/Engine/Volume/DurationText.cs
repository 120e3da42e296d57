using System.Globalization;

namespace Lad.Engine.Volume;

/// <summary>Durations as an operator reads them in a reason: <c>45 s</c>, <c>5 min</c>, <c>2.5 h</c>, <c>30 d</c>, in the
/// largest unit that makes at least one.</summary>
public static class DurationText
{
    /// <summary>The text for <paramref name="duration"/>, in its largest whole unit.</summary>
    /// <param name="duration">A non-negative duration.</param>
    public static string Of(TimeSpan duration) => duration.TotalDays >= 1 ? Unit(duration.TotalDays, "d")
        : duration.TotalHours >= 1 ? Unit(duration.TotalHours, "h")
        : duration.TotalMinutes >= 1 ? Unit(duration.TotalMinutes, "min")
        : Unit(duration.TotalSeconds, "s");

    private static string Unit(double amount, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(amount, amount < 10 ? 1 : 0):0.#} {unit}");
}
