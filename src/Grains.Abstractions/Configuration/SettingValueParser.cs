using System.Globalization;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Turns the text of a YAML scalar or environment variable into a setting's typed value.</summary>
internal static class SettingValueParser
{
    private static readonly string[] TrueWords = ["true", "yes", "y", "t", "on", "1"];
    private static readonly string[] FalseWords = ["false", "no", "n", "f", "off", "0"];

    /// <summary>Parses <paramref name="raw"/>; on failure <paramref name="problem"/> says what was expected.</summary>
    public static bool TryParse(SettingDefinition definition, string raw, out object? value, out string? problem)
    {
        problem = null;
        value = null;
        var text = raw.Trim();
        switch (definition.Kind)
        {
            case SettingKind.Text:
                value = raw;
                return true;
            case SettingKind.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole):
                value = whole;
                return true;
            case SettingKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                                         && double.IsFinite(real):
                value = real;
                return true;
            case SettingKind.Boolean when TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase):
                value = true;
                return true;
            case SettingKind.Boolean when FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase):
                value = false;
                return true;
            default:
                problem = $"expected {Describe(definition.Kind)}, got '{Shorten(raw)}'";
                return false;
        }
    }

    private static string Describe(SettingKind kind) => kind switch
    {
        SettingKind.Integer => "a whole number",
        SettingKind.Number => "a number",
        SettingKind.Boolean => "true or false",
        _ => "text",
    };

    private static string Shorten(string raw) => raw.Length <= 60 ? raw : raw[..57] + "...";
}
