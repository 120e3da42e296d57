using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lad.Bench.Shared;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;
using Lad.Grains.Storage;
using Lad.PollBench;
using Lad.Silo.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

// For each host count and polling mode: one in-process silo whose MongoDB traffic goes through a command-counting
// proxy; it trains every host on a small history, then counts the queries MongoDB receives while the hosts are idle and
// while a trickle of lines (some of them anomalous) arrives, and when each anomaly was written after its insert.
PollBenchOptions options;
try
{
    options = PollBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var jongodb = options.MongoUri is null ? await JongodbServer.StartInstalledAsync() : null;
var upstream = new MongoUrl(options.MongoUri ?? jongodb!.ConnectionString);
using var proxy = new CommandCountingProxy(upstream.Server.Host, upstream.Server.Port);
var direct = new MongoClient(upstream);
var queryCommands = new HashSet<string>(["find", "getMore", "aggregate", "count", "distinct"], StringComparer.Ordinal);
var writeCommands = new HashSet<string>(["insert", "update", "delete", "findAndModify"], StringComparer.Ordinal);
const string Collection = "bench_logs";
const string Target = "bench_anomaly";
const int AnomalyEvery = 10;

Console.WriteLine($"MongoDB {(options.MongoUri is null ? "jongodb (in-memory)" : "given URI")}, {Environment.ProcessorCount} cores, " +
    $"POLL_INTERVAL {options.PollSeconds} s, history {options.History} lines per host, windows of {options.Seconds} s, trickle {options.Trickle} lines/s, " +
    $"hosts' states in {(options.States == PollBenchOptions.FileStates ? "files" : "MongoDB")}");
Console.WriteLine("queries = find + getMore + aggregate + count + distinct commands received by MongoDB from the silo");
var failed = false;
foreach (var hostCount in options.Hosts)
{
    foreach (var mode in options.Modes)
    {
        failed |= !await RunAsync(hostCount, mode);
    }
}

return failed ? 1 : 0;

async Task<bool> RunAsync(int hostCount, string mode)
{
    var suffix = Guid.NewGuid().ToString("N")[..8];
    var (inputDb, targetDb) = ($"lad_pollbench_in_{suffix}", $"lad_pollbench_out_{suffix}");
    var hosts = Enumerable.Range(0, hostCount).Select(i => $"host{i}").ToList();
    var logs = direct.GetDatabase(inputDb).GetCollection<BsonDocument>(Collection);
    var history = hosts.SelectMany(h => Enumerable.Range(0, options.History).Select(i => SyntheticLines.Document(h, SyntheticLines.Normal(h, i)))).ToList();
    foreach (var chunk in history.Chunk(5000))
    {
        await logs.InsertManyAsync(chunk);
    }

    var hostnames = string.Join(", ", hosts.Select(h => $"\"{h}\""));
    var yaml = string.Create(CultureInfo.InvariantCulture, $"""
        MG_URI: "mongodb://127.0.0.1:{proxy.Port}/?directConnection=true"
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_CHANGE_STREAMS: false
        POLL_INTERVAL: {options.PollSeconds}
        PARALLELISM: 2
        LOG_SOURCES:
          "{Collection}":
            HOSTNAMES: [{hostnames}]
            MG_TARGET_COL: "{Target}"
        """);
    var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());
    GC.Collect();
    var rssBefore = Process.GetCurrentProcess().WorkingSet64;
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
    // A jongodb write takes time in proportion to its collection's size (an insert into 100,000 documents took a minute),
    // so 10,000 hosts writing their states into one collection outlast any run. Kept in files (--states files), the
    // states leave MongoDB the logs and the anomalies, and the queries counted are the same polls and reads.
    var statesDirectory = options.States == PollBenchOptions.FileStates ? Directory.CreateTempSubdirectory("lad-pollbench-") : null;
    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: "lad-pollbench-" + suffix)
            .AddLadDaemon(config, t => t.SharedPolling = mode == PollBenchOptions.Shared);
        if (statesDirectory is not null)
        {
            silo.AddFileGrainStorage(DetectorStorage.ProviderName, o => o.Directory = statesDirectory.FullName);
        }
    });
    using var silo = builder.Build();
    var training = Stopwatch.StartNew();
    await silo.StartAsync();
    var grains = silo.Services.GetRequiredService<IGrainFactory>();
    var gate = silo.Services.GetRequiredService<TrainingGate>();
    var detectors = hosts.Select(h => grains.GetGrain<IHostDetectorGrain>(new HostKey(Collection, h).ToGrainKey())).ToList();
    async Task<List<HostStatus>> Statuses()
    {
        var all = new List<HostStatus>(detectors.Count);
        foreach (var chunk in detectors.Chunk(100))
        {
            all.AddRange(await Task.WhenAll(chunk.Select(d => d.GetStatusAsync())));
        }

        return all;
    }
    // A status request that fails while thousands of hosts train (the silo's CPU and MongoDB busy, a host's activation
    // refused by the driver's full wait queue) is "not yet": the daemon retries those hosts itself.
    var trainingLoad = await CountAsync(() =>
        WaitAsync(async () =>
        {
            try
            {
                return (await Statuses()).All(s => s.Phase == DetectorPhase.Detecting);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or MongoException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(options.TrainingMinutes), "every host to train"));
    var trainedIn = training.Elapsed;

    // Every host's first reads (catching up from its training boundary) are done within two intervals.
    await Task.Delay(TimeSpan.FromSeconds(2 * options.PollSeconds));
    var idle = await CountAsync(() => Task.Delay(TimeSpan.FromSeconds(options.Seconds)));

    var next = hosts.ToDictionary(h => h, _ => options.History);
    var planted = new Dictionary<ObjectId, DateTime>();
    var insertTimes = new List<double>();
    var sent = 0;
    var trickle = await CountAsync(async () =>
    {
        var clock = Stopwatch.StartNew();
        for (var second = 0; second < options.Seconds; second++)
        {
            for (var i = 0; i < options.Trickle; i++)
            {
                var host = hosts[Random.Shared.Next(hosts.Count)];
                var anomalous = sent++ % AnomalyEvery == AnomalyEvery / 2;
                var document = SyntheticLines.Document(host, anomalous ? SyntheticLines.Foreign(sent) : SyntheticLines.Normal(host, next[host]++));
                document["_id"] = ObjectId.GenerateNewId();
                var inserting = Stopwatch.GetTimestamp();
                await logs.InsertOneAsync(document);
                insertTimes.Add(Stopwatch.GetElapsedTime(inserting).TotalMilliseconds);
                if (anomalous)
                {
                    planted[document["_id"].AsObjectId] = DateTime.UtcNow;
                }

                // Spread over the second rather than in one burst.
                var due = TimeSpan.FromSeconds(second + ((i + 1.0) / options.Trickle));
                if (clock.Elapsed < due)
                {
                    await Task.Delay(due - clock.Elapsed);
                }
            }
        }
    });

    var anomalies = direct.GetDatabase(targetDb).GetCollection<BsonDocument>(Target);
    // A mode that cannot keep up shows it in the figures (lines scored, anomalies matched) rather than by giving up.
    // Waited for by their own ids: where other lines are flagged too (a host trained on a line or two flags most of
    // its new ones), a count of all anomalies reaches the planted count before the last planted one is written.
    var plantedAnomalies = Builders<BsonDocument>.Filter.In("lad.source_id", planted.Keys);
    await WaitUpToAsync(async () => await anomalies.CountDocumentsAsync(plantedAnomalies) >= planted.Count,
        TimeSpan.FromSeconds(10 * options.PollSeconds));
    var written = await anomalies.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
    var delays = written
        .Where(a => a["lad"]["source_id"].IsObjectId && planted.ContainsKey(a["lad"]["source_id"].AsObjectId))
        .Select(a => (a["lad"]["detected_at"].ToUniversalTime() - planted[a["lad"]["source_id"].AsObjectId]).TotalMilliseconds)
        .Order()
        .ToList();
    await WaitUpToAsync(async () => (await Statuses()).Sum(s => s.LinesScored) >= sent, TimeSpan.FromSeconds(10 * options.PollSeconds));
    GC.Collect();
    var rss = Process.GetCurrentProcess().WorkingSet64;
    var scored = (await Statuses()).Sum(s => s.LinesScored);
    await silo.StopAsync();
    var stateFiles = statesDirectory?.EnumerateFiles("*", SearchOption.AllDirectories).Count();
    statesDirectory?.Delete(recursive: true);
    var filesNote = stateFiles is { } files ? $" | {files} state files" : "";

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"hosts {hostCount,6} {mode,-8} | trained in {trainedIn.TotalSeconds,6:0.0} s, at most {gate.PeakRunning} at once (PARALLELISM {gate.Capacity}), {trainingLoad.Queries:0.0} queries/s meanwhile, bench CPU {trainingLoad.Cpu:0.00} cores " +
        $"| idle {idle.Queries,8:0.00} queries/s ({idle.All:0.00} commands/s), bench CPU {idle.Cpu:0.000} cores " +
        $"| trickle {trickle.Queries,8:0.00} queries/s ({trickle.All:0.00} commands/s), {scored} of {sent} lines scored, {written.Count} flagged " +
        $"| insert-to-anomaly median {Percentile(delays, 0.5):0} ms, p99 {Percentile(delays, 0.99):0} ms, max {Percentile(delays, 1):0} ms ({delays.Count} of {planted.Count}) " +
        $"| MongoDB's replies meanwhile: queries {ReplySpread(trickle.Replies.Where(r => queryCommands.Contains(r.Command)))}, writes {ReplySpread(trickle.Replies.Where(r => writeCommands.Contains(r.Command)))}; the bench's inserts acknowledged {Spread(insertTimes)} " +
        $"| silo RSS {rss / 1e6:0} MB ({(rss - rssBefore) / 1e6:0} MB over the bench before it){filesNote}"));
    return delays.Count == planted.Count && scored == sent;
}

async Task<(double Queries, double All, double Cpu, IReadOnlyList<CommandReply> Replies)> CountAsync(Func<Task> during)
{
    var before = proxy.Snapshot();
    var since = Stopwatch.GetTimestamp();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await during();
    var seconds = clock.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds;
    var after = proxy.Snapshot();
    var delta = after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
    return (delta.Where(c => queryCommands.Contains(c.Key)).Sum(c => c.Value) / seconds,
        delta.Where(c => c.Key is not ("hello" or "isMaster" or "ismaster")).Sum(c => c.Value) / seconds,
        cpu,
        proxy.RepliesSince(since));
}

static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
{
    var deadline = DateTime.UtcNow + timeout;
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"gave up waiting for {what} after {timeout}");
        }

        await Task.Delay(500);
    }
}

static async Task WaitUpToAsync(Func<Task<bool>> condition, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (DateTime.UtcNow < deadline && !await condition())
    {
        await Task.Delay(500);
    }
}

// Median, p99 and max of a window's times, in milliseconds.
static string ReplySpread(IEnumerable<CommandReply> replies) => Spread(replies.Select(r => r.Milliseconds).ToList());

static string Spread(List<double> times)
{
    times.Sort();
    return string.Create(CultureInfo.InvariantCulture,
        $"median {Percentile(times, 0.5):0} / p99 {Percentile(times, 0.99):0} / max {Percentile(times, 1):0} ms ({times.Count})");
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
