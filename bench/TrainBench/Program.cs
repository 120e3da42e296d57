using System.Diagnostics;
using System.Globalization;
using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Source;
using Lad.Engine.Source.Synthetic;

// For each history length (--lines, default 100000,1000000,2000000) writes a synthetic single-host log in HDFS form
// (the history plus TestLines lines to score), then, each in its own process so peak RSS is that run's alone:
//   baseline  `lad bench` of the --baseline lad.dll (the history loaded into memory, as that build must train),
//   current   `lad bench` of this repository's Release lad.dll, the same measurement,
//   streamed  this build's default trainer reading the history from the file on each pass (LogFileHistory).
// Prints training lines per CPU second (the process's first training, and for the list runs the median of its sixth to
// eighth, once compiled, with the CPU seconds that warm training of the whole history took) and peak RSS, each as a
// ratio to the baseline. Speed is printed, never asserted.
// Usage: lad-bench-train --baseline PATH/lad.dll [--lines N,N,...] [--dir DIR]
//        lad-bench-train --stream FILE --history-lines N   (one streamed measurement; prints "train-lines/s X peak-rss-mb Y")
const int TestLines = 200;
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);

if (options.TryGetValue("stream", out var streamFile))
{
    return MeasureStreamed(streamFile, int.Parse(options["history-lines"], CultureInfo.InvariantCulture));
}

if (!options.TryGetValue("baseline", out var baseline) || !File.Exists(baseline))
{
    Console.Error.WriteLine("lad-bench-train: --baseline must name a built lad.dll to compare with (e.g. main's)");
    return 2;
}

var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Lad.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
}

var current = Path.Combine(root, "src", "Client", "bin", "Release", "net10.0", "lad.dll");
if (!File.Exists(current))
{
    Console.Error.WriteLine($"lad-bench-train: build the client first (dotnet build src/Client -c Release): {current} is missing");
    return 2;
}

var lengths = options.GetValueOrDefault("lines", "100000,1000000,2000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
var directory = options.GetValueOrDefault("dir", Path.Combine(Path.GetTempPath(), "lad-bench-train"));
Directory.CreateDirectory(directory);
var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
var selfArgs = Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(Program).Assembly.Location } : [];

Console.WriteLine("| history lines | run | first training lines/CPU s | ratio | warm training lines/CPU s | ratio | warm training CPU s | peak RSS MB | ratio |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var lines in lengths)
{
    var file = Path.Combine(directory, $"history-{lines}.log");
    if (!File.Exists(file))
    {
        WriteHistory(file, lines + TestLines);
    }

    // The first `lines` lines train: the fraction is nudged up so flooring it cannot lose one.
    var fraction = ((lines + 0.5) / (lines + TestLines)).ToString("R", CultureInfo.InvariantCulture);
    string[] bench = ["bench", file, "--format", "hdfs", "--train-fraction", fraction, "--seconds", "0.1"];
    var runs = new (string Name, string Program, string[] Arguments)[]
    {
        ("baseline (list)", "dotnet", [baseline, .. bench]),
        ("current (list)", "dotnet", [current, .. bench]),
        ("current (streamed)", self, [.. selfArgs, "--stream", file, "--history-lines", lines.ToString(CultureInfo.InvariantCulture)]),
    };
    (double Rate, double? Warm, double Rss)? first = null;
    foreach (var (name, program, arguments) in runs)
    {
        var figures = Run(program, arguments);
        first ??= figures;
        var warm = figures.Warm is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:N0} | {rate / first.Value.Warm!.Value:0.00} | {lines / rate:0.00}")
            : "– | – | –";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {lines:N0} | {name} | {figures.Rate:N0} | {figures.Rate / first.Value.Rate:0.00} | {warm} | {figures.Rss:N0} | {figures.Rss / first.Value.Rss:0.00} |"));
    }
}

return 0;

// Runs one measurement and reads "train-lines/s X ... peak-rss-mb Y" (and "warm-train-lines/s Z" where it trained more
// than once) from its last line.
static (double Rate, double? Warm, double Rss) Run(string program, string[] arguments)
{
    var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
    using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    var output = process.StandardOutput.ReadToEnd();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    var last = output.TrimEnd().Split('\n')[^1].Split(' ');
    if (process.ExitCode != 0 || Array.IndexOf(last, "train-lines/s") < 0)
    {
        throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output}");
    }

    double After(string label) => double.Parse(last[Array.IndexOf(last, label) + 1], CultureInfo.InvariantCulture);
    return (After("train-lines/s"), Array.IndexOf(last, "warm-train-lines/s") < 0 ? null : After("warm-train-lines/s"), After("peak-rss-mb"));
}

// One host's synthetic log (SyntheticLogGenerator) written as HDFS lines, whose level and component fields lad reads.
static void WriteHistory(string path, int lines)
{
    var generated = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = lines, AnomaliesPerHost = Math.Max(1, lines / 10_000) });
    using var writer = new StreamWriter(path) { NewLine = "\n" };
    foreach (var line in generated)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{line.Timestamp.UtcDateTime:yyMMdd HHmmss} {line.Pid} {line.Level ?? "INFO"} {line.Program}: {line.Text}"));
    }
}

// Trains the default model on the file's first `lines` lines, read from the file on every pass.
static int MeasureStreamed(string file, int lines)
{
    var history = new FirstLines(new LogFileHistory(file, LineFormats.Create("hdfs", null)), lines);
    var trainer = new DefaultModelTrainer(new DetectorOptions());
    using var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    trainer.Train(history, [], CancellationToken.None);
    process.Refresh();
    var seconds = (process.TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"train-lines/s {lines / seconds:0} peak-rss-mb {process.PeakWorkingSet64 / 1048576.0:0}"));
    return 0;
}

/// <summary>The first lines of another history source.</summary>
internal sealed class FirstLines(HistorySource source, int count) : HistorySource
{
    public override int Count { get; } = Math.Min(count, source.Count);

    public override IEnumerable<Lad.Engine.Source.LogRecord> Read(int from = 0) => source.Read(from).Take(Count - from);
}
