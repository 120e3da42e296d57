using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Lad.Engine.Source.Synthetic;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;
using Lad.Grains.Mongo;
using Lad.Grains.Source;
using Lad.Silo.Demo;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

// For each history length (--lines) inserts one host's synthetic history (SyntheticLogGenerator) into a fresh MongoDB
// database (jongodb started here, or --mongo URI), then trains that host through the daemon's HostTrainer, each run in
// its own process so its peak RSS is its own:
//   baseline  this bench built against another tree (--baseline, e.g. main's, whose HostTrainer holds the history),
//   current   this bench built here.
// Prints training wall and CPU time and peak RSS, each as a ratio to the baseline, and whether the two trained
// byte-identical models. Speed is printed, never asserted.
// Usage: lad-bench-daemontrain --baseline PATH/lad-bench-daemontrain.dll [--lines N,N,...] [--mongo URI]
//        lad-bench-daemontrain --train URI --db NAME --lines N   (one training; prints its figures on one line)
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
const string Collection = "bench_logs";
const string Host = "host0";

if (options.TryGetValue("train", out var trainUri))
{
    return await TrainAsync(trainUri, options["db"], int.Parse(options["lines"], CultureInfo.InvariantCulture));
}

if (!options.TryGetValue("baseline", out var baseline) || !File.Exists(baseline))
{
    Console.Error.WriteLine("lad-bench-daemontrain: --baseline must name this bench built against the tree to compare with (see the README)");
    return 2;
}

var lengths = options.GetValueOrDefault("lines", "20000,50000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
await using var jongodb = options.ContainsKey("mongo") ? null : await JongodbServer.StartInstalledAsync();
var uri = options.GetValueOrDefault("mongo") ?? jongodb!.ConnectionString;
var client = new MongoClient(uri);
var self = typeof(Program).Assembly.Location;
Console.WriteLine($"MongoDB {(jongodb is null ? "given URI" : "jongodb (in-memory)")}, {Environment.ProcessorCount} cores");
Console.WriteLine("| history lines | run | training wall s | ratio | training CPU s | ratio | peak RSS MB | ratio | model |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var lines in lengths)
{
    var database = $"lad_daemontrain_{lines}_{Guid.NewGuid():N}"[..40];
    var inserted = Stopwatch.StartNew();
    await InsertHistoryAsync(client.GetDatabase(database).GetCollection<BsonDocument>(Collection), lines);
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lines:N0} lines inserted in {inserted.Elapsed.TotalSeconds:0} s"));
    Figures? first = null;
    foreach (var (name, program) in new[] { ("baseline (list)", baseline), ("current (spilled)", self) })
    {
        var figures = Run(program, ["--train", uri, "--db", database, "--lines", lines.ToString(CultureInfo.InvariantCulture)]);
        first ??= figures;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {lines:N0} | {name} | {figures.Wall:0.0} | {figures.Wall / first.Wall:0.00} | {figures.Cpu:0.0} | {figures.Cpu / first.Cpu:0.00} | {figures.Rss:N0} | {figures.Rss / first.Rss:0.00} | {(figures.Model == first.Model ? "same" : "DIFFERENT")} |"));
    }
}

return 0;

// Runs one training and reads "wall-s X cpu-s Y peak-rss-mb Z model H" from its last line.
static Figures Run(string program, string[] arguments)
{
    var start = new ProcessStartInfo("dotnet", [program, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
    using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    var error = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var last = output.TrimEnd().Split('\n')[^1].Split(' ');
    if (process.ExitCode != 0 || Array.IndexOf(last, "peak-rss-mb") < 0)
    {
        throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output}");
    }

    string After(string label) => last[Array.IndexOf(last, label) + 1];
    double Number(string label) => double.Parse(After(label), CultureInfo.InvariantCulture);
    return new Figures(Number("wall-s"), Number("cpu-s"), Number("peak-rss-mb"), After("model"));
}

// One host's synthetic history, its ids made at the lines' times (shifted to end a minute ago), inserted in large
// batches: jongodb's insert cost grows with the collection, per command.
static async Task InsertHistoryAsync(IMongoCollection<BsonDocument> logs, int lines)
{
    var generated = SyntheticLogGenerator.Generate(new SyntheticLogOptions { Hosts = 1, LinesPerHost = lines, AnomaliesPerHost = Math.Max(1, lines / 10_000) });
    var shift = DateTimeOffset.UtcNow.AddMinutes(-1) - generated[^1].Timestamp;
    foreach (var chunk in generated.Chunk(100_000))
    {
        var documents = chunk.Select(line =>
        {
            var document = new BsonDocument
            {
                ["_id"] = ObjectId.GenerateNewId((line.Timestamp + shift).UtcDateTime),
                ["Hostname"] = Host,
                ["Message"] = $"{line.Program}[{line.Pid}]: {line.Text}",
            };
            if (line.Level is { } level)
            {
                document["Level"] = level;
            }

            return document;
        });
        await logs.InsertManyAsync(documents);
    }
}

// Trains the host as the daemon does and prints the figures. HostTrainer is internal to Lad.Grains and this source is
// built against other trees too, so it is called by reflection rather than through InternalsVisibleTo.
static async Task<int> TrainAsync(string uri, string database, int lines)
{
    var yaml = string.Create(CultureInfo.InvariantCulture, $"""
        MG_URI: "{uri}"
        MG_INPUT_DB: "{database}"
        MG_TARGET_DB: "{database}_out"
        TRAIN_MAX_ENTRIES: {lines}
        TRAIN_TIME_SPAN: {(long)TimeSpan.FromDays(3650).TotalSeconds}
        LOG_SOURCES:
          "{Collection}":
            HOSTNAMES: ["{Host}"]
            MG_TARGET_COL: "bench_anomaly"
        """);
    using var clients = new MongoClients();
    var services = new DetectorServices(LadConfigLoader.Load(yaml, new Dictionary<string, string>()), clients);
    using var gate = new TrainingGate(services.Config);
    var trainer = typeof(DetectorServices).Assembly.GetType("Lad.Grains.Detection.HostTrainer", throwOnError: true)!
        .GetMethod("TrainAsync", BindingFlags.Public | BindingFlags.Static)!;
    var now = DateTime.UtcNow;
    using var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var training = (Task)trainer.Invoke(null, [
        services, gate, new HostKey(Collection, Host), null, now, ObjectIdTime.LatestAt(now), ObjectIdTime.EarliestAt(now.AddMinutes(-5)),
        NullLogger.Instance, CancellationToken.None])!;
    await training;
    wall.Stop();
    process.Refresh();
    var trained = training.GetType().GetProperty("Result")!.GetValue(training)!;
    var bytes = (byte[])trained.GetType().GetProperty("Bytes")!.GetValue(trained)!;
    var trainedLines = (int)trained.GetType().GetProperty("Lines")!.GetValue(trained)!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"lines {trainedLines} wall-s {wall.Elapsed.TotalSeconds:0.00} cpu-s {(process.TotalProcessorTime - cpu).TotalSeconds:0.00} peak-rss-mb {process.PeakWorkingSet64 / 1048576.0:0} model {Convert.ToHexString(SHA256.HashData(bytes))[..16]}"));
    return 0;
}

internal sealed record Figures(double Wall, double Cpu, double Rss, string Model);
