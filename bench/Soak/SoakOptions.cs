using System.Globalization;

namespace Lad.Soak;

/// <summary>Command-line options: <c>--seconds S --writers W --hosts H --rate R --seed N</c>.</summary>
/// <param name="Seconds">How long writers write while silos restart and MongoDB is cut.</param>
/// <param name="Writers">Writers, each with its own clock offset and buffering.</param>
/// <param name="Hosts">Hosts the lines are spread over.</param>
/// <param name="Rate">Lines per second per writer.</param>
/// <param name="Seed">Seeds every random choice, so a run can be repeated.</param>
internal sealed record SoakOptions(int Seconds, int Writers, int Hosts, int Rate, int Seed)
{
    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions(180, 4, 2, 5, 1);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name}: missing value");
            options = name switch
            {
                "--seconds" => options with { Seconds = Positive(name, value) },
                "--writers" => options with { Writers = Positive(name, value) },
                "--hosts" => options with { Hosts = Positive(name, value) },
                "--rate" => options with { Rate = Positive(name, value) },
                "--seed" => options with { Seed = Positive(name, value) },
                _ => throw new ArgumentException($"unknown option {name} (known: --seconds, --writers, --hosts, --rate, --seed)"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name}: expected a whole number > 0, got '{value}'");
}
