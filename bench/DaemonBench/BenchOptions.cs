using System.Globalization;

namespace Lad.DaemonBench;

/// <summary>Command-line options: <c>--docs N --hosts H --batch B --poll-ms P --mongo-uri URI</c>.</summary>
internal sealed record BenchOptions(int Documents, int Hosts, int BatchSize, int PollMilliseconds, string? MongoUri)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(2000, 4, 500, 100, null);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name}: missing value");
            options = name switch
            {
                "--docs" => options with { Documents = Positive(name, value) },
                "--hosts" => options with { Hosts = Positive(name, value) },
                "--batch" => options with { BatchSize = Positive(name, value) },
                "--poll-ms" => options with { PollMilliseconds = Positive(name, value) },
                "--mongo-uri" => options with { MongoUri = value },
                _ => throw new ArgumentException($"unknown option {name} (known: --docs, --hosts, --batch, --poll-ms, --mongo-uri)"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name}: expected a whole number > 0, got '{value}'");
}
