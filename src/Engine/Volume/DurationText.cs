using System.Globalization;

namespace Lad.Engine.Volume;

/// <summary>Durations as an operator reads them in a reason: <c>45 s</c>, <c>5 min</c>, <c>2.5 h</c>, <c>30 d</c>.</summary>
public static class DurationText
{
    /// <summary>The text for <paramref name="duration"/>, in its largest whole unit.</summary>
    /// <param name="duration">A non-negative duration.</param>
    public static string Of(TimeSpan duration) => duration.TotalDays >= 2 ? Unit(duration.TotalDays, "d")
        : duration.TotalHours >= 2 ? Unit(duration.TotalHours, "h")
        : duration.TotalMinutes >= 2 ? Unit(duration.TotalMinutes, "min")
        : Unit(duration.TotalSeconds, "s");

    private static string Unit(double amount, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(amount, amount < 10 ? 1 : 0):0.#} {unit}");
}
