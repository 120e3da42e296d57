using System.Globalization;

namespace Lad.PollBench;

/// <summary>Command-line options: <c>--hosts 1,100,1000 --history N --seconds S --trickle R --poll-seconds P --modes
/// per-host,shared --mongo-uri URI --training-minutes M --states mongo|files</c> (how long every host may take to train,
/// default 30; where the hosts' models and checkpoints are kept, default MongoDB as the daemon keeps them).</summary>
internal sealed record PollBenchOptions(
    IReadOnlyList<int> Hosts, int History, int Seconds, int Trickle, int PollSeconds, IReadOnlyList<string> Modes, string? MongoUri,
    int TrainingMinutes = 30, string States = PollBenchOptions.MongoStates)
{
    public const string PerHost = "per-host";
    public const string Shared = "shared";
    public const string MongoStates = "mongo";
    public const string FileStates = "files";

    public static PollBenchOptions Parse(string[] args)
    {
        var options = new PollBenchOptions([1, 100, 1000], 40, 30, 10, 10, [PerHost, Shared], null);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name}: missing value");
            options = name switch
            {
                "--hosts" => options with { Hosts = [.. value.Split(',').Select(v => Positive(name, v))] },
                "--history" => options with { History = Positive(name, value) },
                "--seconds" => options with { Seconds = Positive(name, value) },
                "--trickle" => options with { Trickle = Positive(name, value) },
                "--poll-seconds" => options with { PollSeconds = Positive(name, value) },
                "--modes" => options with { Modes = [.. value.Split(',').Select(m => m is PerHost or Shared ? m
                    : throw new ArgumentException($"--modes: unknown mode '{m}' (known: {PerHost}, {Shared})"))] },
                "--mongo-uri" => options with { MongoUri = value },
                "--training-minutes" => options with { TrainingMinutes = Positive(name, value) },
                "--states" => options with { States = value is MongoStates or FileStates ? value
                    : throw new ArgumentException($"--states: unknown place '{value}' (known: {MongoStates}, {FileStates})") },
                _ => throw new ArgumentException(
                    $"unknown option {name} (known: --hosts, --history, --seconds, --trickle, --poll-seconds, --modes, --mongo-uri, --training-minutes, --states)"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name}: expected a whole number > 0, got '{value}'");
}
