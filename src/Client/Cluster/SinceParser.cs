using System.Globalization;
using Lad.Grains.Abstractions;

namespace Lad.Client.Cluster;

/// <summary>Reads <c>--since</c>: an age (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>) or an ISO 8601 time (UTC unless it says otherwise).</summary>
internal static class SinceParser
{
    /// <exception cref="LadRequestException">Neither an age nor a time.</exception>
    public static DateTime Parse(string text, DateTime utcNow)
    {
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? age = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (age is { } span)
            {
                return utcNow - span;
            }
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new LadRequestException($"--since: '{text}' is neither an age (90s, 15m, 2h, 7d) nor a time (2026-11-24T10:00:00Z)");
    }
}
