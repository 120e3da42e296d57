using System.Globalization;
using System.Text.RegularExpressions;

namespace Lad.Integration.Tests.Metrics;

/// <summary>Reads Prometheus text exposition back: every sample by (name, source, host), failing on a malformed line.</summary>
internal static partial class Exposition
{
    public static Dictionary<(string Name, string Source, string Host), double> Samples(string text)
    {
        var samples = new Dictionary<(string, string, string), double>();
        foreach (var line in text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            // A family with a third label (reason, state) is keyed as name{label="value"}.
            var name = match.Groups["label"].Success
                ? $"{match.Groups["name"].Value}{{{match.Groups["label"].Value}=\"{Unescape(match.Groups["labelvalue"].Value)}\"}}"
                : match.Groups["name"].Value;
            var key = (name, Unescape(match.Groups["source"].Value), Unescape(match.Groups["host"].Value));
            Assert.True(samples.TryAdd(key, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)), $"duplicate sample {key}");
        }

        return samples;
    }

    public static double Value(string text, string name, string source, string host) =>
        Samples(text).TryGetValue((name, source, host), out var value) ? value : double.NaN;

    private static string Unescape(string value) =>
        value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{source="(?<source>(?:[^"\\]|\\.)*)",host="(?<host>(?:[^"\\]|\\.)*)"(?:,(?<label>[a-z_]+)="(?<labelvalue>(?:[^"\\]|\\.)*)")?\} (?<value>\S+)$""")]
    private static partial Regex SampleLine();
}
