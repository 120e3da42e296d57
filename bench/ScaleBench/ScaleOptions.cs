using System.Globalization;

namespace Lad.ScaleBench;

/// <summary>Command-line options of <c>lad-bench-scale</c>.</summary>
/// <param name="Hosts">The host counts, each measured in its own silo process.</param>
/// <param name="LinesPerHost">History lines written per host.</param>
/// <param name="WorkDirectory">A folder of the bench's own (under <c>--dir</c>, default the temporary folder) for the log
/// and the silo's state, deleted at the end; on a tmpfs the files would take the machine's memory beside the silo's,
/// so point <c>--dir</c> at a disk there.</param>
/// <param name="SiloPath">The silo's built assembly (lad-silo.dll).</param>
/// <param name="SettleSeconds">How long the silo idles after its last host is trained before RSS is read.</param>
/// <param name="TimeoutMinutes">How long one count may take to train before the run is given up.</param>
/// <param name="Keep">Keep the log and state files after the run.</param>
/// <param name="BreakdownHosts">Hosts trained in the bench's own process to split a host's memory into its parts; 0 for none.</param>
internal sealed record ScaleOptions(
    IReadOnlyList<int> Hosts, int LinesPerHost, string WorkDirectory, string SiloPath, int SettleSeconds, int TimeoutMinutes, bool Keep,
    int BreakdownHosts)
{
    public const string Usage =
        "usage: lad-bench-scale [--hosts 100,1000,10000] [--lines-per-host 300] [--dir DIR] [--silo PATH/lad-silo.dll] " +
        "[--settle-seconds 60] [--timeout-minutes 60] [--breakdown-hosts 1000 (0: none)] [--keep]";

    public static ScaleOptions Parse(string[] args, string repositoryRoot)
    {
        var options = new ScaleOptions(
            [100, 1000, 10000],
            300,
            WorkFolder(Path.GetTempPath()),
            Path.Combine(repositoryRoot, "src", "Silo", "bin", "Release", "net10.0", "lad-silo.dll"),
            60,
            60,
            Keep: false,
            BreakdownHosts: 1000);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                options = options with { Keep = true };
                continue;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name}: missing value");
            options = name switch
            {
                "--hosts" => options with { Hosts = [.. value.Split(',').Select(v => Positive(name, v))] },
                "--lines-per-host" => options with { LinesPerHost = Positive(name, value) },
                "--dir" => options with { WorkDirectory = WorkFolder(Path.GetFullPath(value)) },
                "--silo" => options with { SiloPath = Path.GetFullPath(value) },
                "--settle-seconds" => options with { SettleSeconds = Positive(name, value) },
                "--timeout-minutes" => options with { TimeoutMinutes = Positive(name, value) },
                "--breakdown-hosts" => options with { BreakdownHosts = value == "0" ? 0 : Positive(name, value) },
                _ => throw new ArgumentException($"unknown option {name}; {Usage}"),
            };
        }

        // The generator's anomaly plan needs room after the clean half of each host's lines.
        return options.LinesPerHost >= 40 ? options : throw new ArgumentException("--lines-per-host: at least 40");
    }

    // Only a folder the bench made is ever deleted, whatever --dir names.
    private static string WorkFolder(string parent) => Path.Combine(parent, $"lad-bench-scale-{Environment.ProcessId}");

    private static int Positive(string name, string value) =>
        int.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name}: expected a whole number > 0, got '{value}'");
}
