using System.Globalization;

namespace Lad.Grains.Abstractions.Feedback;

/// <summary>Reads how long feedback acts: a whole number with a unit, <c>90s</c>, <c>30m</c>, <c>12h</c> or <c>7d</c>.</summary>
public static class ExpiryText
{
    /// <summary>The span <paramref name="text"/> names.</summary>
    /// <param name="text">The text given.</param>
    /// <param name="field">The option or field it came from, named in the error.</param>
    /// <exception cref="LadRequestException">Not a positive number with a unit.</exception>
    public static TimeSpan Parse(string text, string field)
    {
        if (text.Length >= 2 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } value)
            {
                return value;
            }
        }

        throw new LadRequestException($"{field}: '{text}' is not a duration like 90s, 30m, 12h or 7d");
    }
}
