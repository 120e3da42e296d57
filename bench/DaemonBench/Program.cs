using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lad.Bench.Shared;
using Lad.DaemonBench;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Detection;
using Lad.Silo.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

// Measures the daemon end to end: documents inserted into MongoDB -> polled -> scored -> anomalies upserted.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var jongodb = options.MongoUri is null ? await JongodbServer.StartInstalledAsync() : null;
var uri = options.MongoUri ?? jongodb!.ConnectionString;
var suffix = Guid.NewGuid().ToString("N")[..8];
var (inputDb, targetDb) = ($"lad_bench_in_{suffix}", $"lad_bench_out_{suffix}");
var hosts = Enumerable.Range(0, options.Hosts).Select(i => $"host{i}").ToList();
const string Collection = "bench_logs";
const string Target = "bench_anomaly";
const int HistoryPerHost = 300;
const int AnomalyEvery = 50;

var client = new MongoClient(uri);
var logs = client.GetDatabase(inputDb).GetCollection<BsonDocument>(Collection);
foreach (var name in hosts)
{
    await logs.InsertManyAsync(Enumerable.Range(0, HistoryPerHost).Select(i => SyntheticLines.Document(name, SyntheticLines.Normal(name, i))));
}

var yaml = string.Create(CultureInfo.InvariantCulture, $"""
    MG_URI: "{uri}"
    MG_INPUT_DB: "{inputDb}"
    MG_TARGET_DB: "{targetDb}"
    MG_POLL_BATCH_SIZE: {options.BatchSize}
    PARALLELISM: 2
    LOG_SOURCES:
      "{Collection}":
        HOSTNAMES: [{string.Join(", ", hosts.Select(h => $"\"{h}\""))}]
        MG_TARGET_COL: "{Target}"
    """);
var config = LadConfigLoader.Load(yaml, new Dictionary<string, string>());
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: "lad-bench-" + suffix)
    .AddLadDaemon(config, t => t.PollInterval = TimeSpan.FromMilliseconds(options.PollMilliseconds)));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var detectors = hosts.Select(h => grains.GetGrain<IHostDetectorGrain>(new HostKey(Collection, h).ToGrainKey())).ToList();

var training = Stopwatch.StartNew();
await WaitAsync(async () => (await Statuses()).All(s => s.Phase == DetectorPhase.Detecting), TimeSpan.FromMinutes(5), "hosts to train");
Console.WriteLine($"trained {hosts.Count} hosts x {HistoryPerHost} lines in {training.Elapsed.TotalSeconds:0.0} s");

// Each host's live lines go on from its history in the same turn: the detectors judge a line in its host's stream,
// so a stream whose order changed would be anomalous throughout.
int NextOfHost(int i) => HistoryPerHost + (i / hosts.Count);

// Insert in chunks of 100, round-robin over hosts; remember when each anomalous document was in the store.
var insertedAt = new Dictionary<ObjectId, DateTime>();
var run = Stopwatch.StartNew();
var started = DateTime.UtcNow;
for (var offset = 0; offset < options.Documents; offset += 100)
{
    var chunk = Enumerable.Range(offset, Math.Min(100, options.Documents - offset)).Select(i =>
    {
        var h = hosts[i % hosts.Count];
        var message = i % AnomalyEvery == AnomalyEvery / 2 ? SyntheticLines.Foreign(i) : SyntheticLines.Normal(h, NextOfHost(i));
        var document = SyntheticLines.Document(h, message);
        document["_id"] = ObjectId.GenerateNewId();
        return document;
    }).ToList();
    await logs.InsertManyAsync(chunk);
    var now = DateTime.UtcNow;
    foreach (var document in chunk.Where(d => ((string)d["Message"]).StartsWith("kernel", StringComparison.Ordinal)))
    {
        insertedAt[document["_id"].AsObjectId] = now;
    }
}

var insertSeconds = run.Elapsed.TotalSeconds;
await WaitAsync(async () => (await Statuses()).Sum(s => s.LinesScored) >= options.Documents, TimeSpan.FromMinutes(10), "every document to be scored");
var totalSeconds = run.Elapsed.TotalSeconds;
var anomalies = await client.GetDatabase(targetDb).GetCollection<BsonDocument>(Target).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
var delays = anomalies
    .Where(a => insertedAt.ContainsKey(a["lad"]["source_id"].AsObjectId))
    .Select(a => (a["lad"]["detected_at"].ToUniversalTime() - insertedAt[a["lad"]["source_id"].AsObjectId]).TotalMilliseconds)
    .Order()
    .ToList();

// Catch-up: with the detectors stopped, a backlog of the same size builds up; then time how fast they drain it.
await Task.WhenAll(detectors.Select(d => d.StopAsync()));
var scoredBefore = (await Statuses()).Sum(s => s.LinesScored);
for (var offset = 0; offset < options.Documents; offset += 100)
{
    await logs.InsertManyAsync(Enumerable.Range(offset, Math.Min(100, options.Documents - offset))
        .Select(i => SyntheticLines.Document(
            hosts[i % hosts.Count],
            i % AnomalyEvery == AnomalyEvery / 2 ? SyntheticLines.Foreign(i + options.Documents) : SyntheticLines.Normal(hosts[i % hosts.Count], NextOfHost(i + options.Documents)))));
}

var pending = scoredBefore + options.Documents - (await Statuses()).Sum(s => s.LinesScored);
var catchUp = Stopwatch.StartNew();
await Task.WhenAll(detectors.Select(d => d.StartAsync()));
await WaitAsync(async () => (await Statuses()).Sum(s => s.LinesScored) >= scoredBefore + options.Documents, TimeSpan.FromMinutes(10), "the backlog to be scored");
var catchUpSeconds = catchUp.Elapsed.TotalSeconds;
var backlogAnomalies = await client.GetDatabase(targetDb).GetCollection<BsonDocument>(Target).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty) - anomalies.Count;
await host.StopAsync();

Console.WriteLine($"documents: {options.Documents} over {hosts.Count} hosts, batch {options.BatchSize}, poll every {options.PollMilliseconds} ms, MongoDB {(options.MongoUri is null ? "jongodb" : "given URI")}");
Console.WriteLine($"inserted in {insertSeconds:0.00} s ({options.Documents / insertSeconds:0} docs/s); all scored {totalSeconds:0.00} s after the first insert");
Console.WriteLine($"end to end: {options.Documents / totalSeconds:0} documents/s scored");
Console.WriteLine($"backlog catch-up: {pending} documents scored in {catchUpSeconds:0.00} s = {pending / catchUpSeconds:0} documents/s ({backlogAnomalies} anomalies written)");
Console.WriteLine($"anomalies: {anomalies.Count} written, {insertedAt.Count} injected, {delays.Count} matched");
if (delays.Count > 0)
{
    Console.WriteLine($"insert -> verdict delay: median {Percentile(delays, 0.5):0} ms, p95 {Percentile(delays, 0.95):0} ms, max {delays[^1]:0} ms");
}

return anomalies.Count == insertedAt.Count && backlogAnomalies == insertedAt.Count ? 0 : 1;

async Task<HostStatus[]> Statuses() => await Task.WhenAll(detectors.Select(d => d.GetStatusAsync()));

static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
{
    var deadline = DateTime.UtcNow + timeout;
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"gave up waiting for {what} after {timeout}");
        }

        await Task.Delay(20);
    }
}

static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
