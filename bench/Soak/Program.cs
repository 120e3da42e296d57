using System.Diagnostics;
using System.Globalization;
using Lad.Bench.Shared;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Sink;
using Lad.Integration.Tests.Daemon;
using Lad.Silo.Demo;
using Lad.Soak;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;

// Soak: writers with their own clocks and buffers insert lines and planted anomalies while the silo is killed and
// restarted and MongoDB is cut off and restored; at the end every line must be scored once and every planted anomaly
// written once.
SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

const string Collection = "soak_logs";
const string Target = "soak_anomaly";
const int HistoryPerHost = 300;
await using var jongodb = await JongodbServer.StartInstalledAsync();
var direct = new MongoUrl(jongodb.ConnectionString).Server;
await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
var suffix = Guid.NewGuid().ToString("N")[..8];
var (inputDb, targetDb) = ($"lad_soak_in_{suffix}", $"lad_soak_out_{suffix}");
var hosts = Enumerable.Range(0, options.Hosts).Select(i => $"host{i}").ToList();
var client = new MongoClient(jongodb.ConnectionString);
var random = new Random(options.Seed);
var logs = client.GetDatabase(inputDb).GetCollection<BsonDocument>(Collection);
foreach (var name in hosts)
{
    // Normal lines in random template order, as the writers make them: lines of several writers interleave in any
    // order, and a history with a fixed order would make every reordering look anomalous.
    await logs.InsertManyAsync(Enumerable.Range(0, HistoryPerHost).Select(_ => SyntheticLines.Document(name, SyntheticLines.Normal(name, random.Next()))));
}

// Everything the silo does with MongoDB (source, sink, grain state) goes through the forwarder; the writers do not.
var viaForwarder = $"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=3000";
var config = LadConfigLoader.Load(string.Create(CultureInfo.InvariantCulture, $"""
    MG_URI: "{viaForwarder}"
    MG_INPUT_DB: "{inputDb}"
    MG_TARGET_DB: "{targetDb}"
    MG_POLL_BATCH_SIZE: 50
    POLL_LOOKBACK: 300
    LOG_SOURCES:
      "{Collection}":
        HOSTNAMES: [{string.Join(", ", hosts.Select(h => $"\"{h}\""))}]
        MG_TARGET_COL: "{Target}"
    """), new Dictionary<string, string>());
await using var silo = new SiloRunner(config, "lad-soak-" + suffix);
await silo.StartAsync();
await WaitAsync(async () => (await Statuses()).All(s => s.Phase == DetectorPhase.Detecting), TimeSpan.FromMinutes(3), "hosts to train");

var writers = Enumerable.Range(0, options.Writers).Select(i => new Writer(
    logs, hosts, TimeSpan.FromSeconds(random.Next(-20, 21)), TimeSpan.FromSeconds(random.Next(0, 9)), options.Rate,
    new Random(options.Seed * 1000 + i))).ToList();
foreach (var writer in writers)
{
    Console.WriteLine($"writer: clock {writer.ClockOffset.TotalSeconds:+0;-0;0} s, buffer {writer.Buffer.TotalSeconds:0} s");
}

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
var writing = Task.WhenAll(writers.Select(w => Task.Run(() => w.RunAsync(stop.Token))));
var (kills, cuts) = (0, 0);
var clock = Stopwatch.StartNew();
while (!stop.IsCancellationRequested)
{
    await Task.Delay(TimeSpan.FromSeconds(random.Next(10, 25)), CancellationToken.None);
    if (stop.IsCancellationRequested)
    {
        break;
    }

    if (random.Next(2) == 0)
    {
        await silo.KillAsync();
        kills++;
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:0} s: silo killed");
        await Task.Delay(TimeSpan.FromSeconds(random.Next(1, 6)), CancellationToken.None);
        await silo.StartAsync();
    }
    else
    {
        await forwarder.CutAsync();
        cuts++;
        var outage = random.Next(3, 16);
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:0} s: MongoDB cut for {outage} s");
        await Task.Delay(TimeSpan.FromSeconds(outage), CancellationToken.None);
        forwarder.Restore();
    }
}

await writing;
var inserted = writers.Sum(w => w.Inserted.Count);
var planted = writers.SelectMany(w => w.Planted).Select(id => $"{Collection}:{id}").ToHashSet();
Console.WriteLine($"writing done after {clock.Elapsed.TotalSeconds:0} s; waiting for catch-up");

// Catch-up: until the counters reach the lines inserted, then a few more polls so a late double count would show.
var catchUp = Stopwatch.StartNew();
var caughtUp = await WaitAsync(async () => (await Statuses()).Sum(s => s.LinesScored) >= inserted, TimeSpan.FromMinutes(5), "every line to be scored");
catchUp.Stop();
await Task.Delay(TimeSpan.FromSeconds(5));
var statuses = await Statuses();
var scored = statuses.Sum(s => s.LinesScored);
var anomalies = await client.GetDatabase(targetDb).GetCollection<BsonDocument>(Target).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
var writtenIds = anomalies.Select(a => a["_id"].AsString).ToList();
var plantedWritten = writtenIds.Count(planted.Contains);
var duplicateAnomalies = writtenIds.Count - writtenIds.Distinct().Count()
    + (int)Math.Max(0, statuses.Sum(s => s.Anomalies) - anomalies.Count);
// How long each planted line took from its commit to its anomaly: outages and restarts delay lines by tens of seconds; a
// line that waits for a host's periodic read of its own (minutes) shows here though it is not lost.
var committed = writers.SelectMany(w => w.PlantedCommitted).ToDictionary(p => $"{Collection}:{p.Key}", p => p.Value);
var latencies = anomalies.Where(a => committed.ContainsKey(a["_id"].AsString))
    .Select(a => (a[AnomalyDocument.LadField]["detected_at"].ToUniversalTime() - committed[a["_id"].AsString]).TotalSeconds)
    .Order().ToList();
var lost = Math.Max(0, inserted - scored) + (planted.Count - plantedWritten);
var duplicated = Math.Max(0, scored - inserted) + duplicateAnomalies;

Console.WriteLine($"run: {options.Seconds} s, {options.Writers} writers x {options.Rate} lines/s over {options.Hosts} hosts, {kills} silo kills, {cuts} MongoDB cuts, seed {options.Seed}");
Console.WriteLine($"lines inserted: {inserted}");
Console.WriteLine($"lines scored: {scored}{(caughtUp ? $" (caught up {catchUp.Elapsed.TotalSeconds:0.0} s after writing ended)" : " (catch-up timed out)")}");
Console.WriteLine($"anomalies planted: {planted.Count}");
Console.WriteLine($"anomalies written: {anomalies.Count} ({plantedWritten} planted, {anomalies.Count - plantedWritten} other lines flagged)");
if (latencies.Count > 0)
{
    Console.WriteLine(
        $"insert-to-anomaly of planted lines: median {Percentile(0.5):0.0} s, p99 {Percentile(0.99):0.0} s, max {latencies[^1]:0.0} s");
}

Console.WriteLine($"lost: {lost}");
Console.WriteLine($"duplicated: {duplicated}");
return lost == 0 && duplicated == 0 ? 0 : 1;

double Percentile(double share) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(share * latencies.Count) - 1)];

async Task<HostStatus[]> Statuses()
{
    var grains = silo.Services.GetRequiredService<IGrainFactory>();
    return await Task.WhenAll(hosts.Select(h => grains.GetGrain<IHostDetectorGrain>(new HostKey(Collection, h).ToGrainKey()).GetStatusAsync()));
}

static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
{
    var deadline = DateTime.UtcNow + timeout;
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            if (await condition())
            {
                return true;
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or MongoException)
        {
            // A detector still activating after a restart or an outage answers later.
        }

        await Task.Delay(500);
    }

    Console.WriteLine($"gave up waiting for {what} after {timeout}");
    return false;
}
