using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Lad.Grains.Sink;
using Lad.Silo.Demo;
using MongoDB.Bson;
using MongoDB.Driver;

// Loads --hosts hosts (in sources of 100), --anomalies anomalies and --incidents incidents of the last 24 h into MongoDB
// (LAD_TEST_MONGODB_URI, else jongodb from node_modules), starts the real lad-silo on them (built beforehand in
// Release) and times each console page's API calls, --requests times: median and p95 per page (its calls in parallel,
// as the page makes them) and per call. Speed is printed, never asserted.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => int.Parse(args[p.i + 1], CultureInfo.InvariantCulture));
var hostCount = options.GetValueOrDefault("hosts", 1000);
var anomalyCount = options.GetValueOrDefault("anomalies", 100_000);
var incidentCount = options.GetValueOrDefault("incidents", 10_000);
var requests = options.GetValueOrDefault("requests", 20);
const int HostsPerSource = 100;

var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Lad.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
}

JongodbServer? jongodb = null;
var uri = Environment.GetEnvironmentVariable("LAD_TEST_MONGODB_URI");
if (string.IsNullOrWhiteSpace(uri))
{
    jongodb = await JongodbServer.StartInstalledAsync();
    uri = jongodb.ConnectionString;
}

var run = Guid.NewGuid().ToString("N")[..8];
var (inputDb, targetDb) = ($"lad_bench_console_{run}_in", $"lad_bench_console_{run}");
var client = new MongoClient(uri);
var target = client.GetDatabase(targetDb);
var sources = Enumerable.Range(0, (hostCount + HostsPerSource - 1) / HostsPerSource)
    .Select(s => (Collection: $"src_{s:00}", Target: $"src_{s:00}_anomalies",
        Hosts: Enumerable.Range(s * HostsPerSource, Math.Min(HostsPerSource, hostCount - (s * HostsPerSource))).Select(h => $"h-{h:0000}").ToArray()))
    .ToArray();
var hosts = sources.SelectMany(s => s.Hosts.Select(h => (s.Collection, s.Target, Host: h))).ToArray();
var random = new Random(1);
var now = DateTime.UtcNow;
var clock = Stopwatch.StartNew();

// Anomalies: spread over the hosts and the last 24 h, in the documents the silo's sink writes, with the counts per host
// and hour the sink keeps beside them (lad_anomaly_hours: one document per source, host and day).
var perHour = new Dictionary<(string Source, string Host, DateTime Hour), int>();
foreach (var group in Enumerable.Range(0, anomalyCount).Select(i => (i, hosts[random.Next(hosts.Length)], now.AddSeconds(-random.Next(24 * 3600)))).GroupBy(a => a.Item2.Target))
{
    foreach (var batch in group.Chunk(5000))
    {
        await target.GetCollection<BsonDocument>(group.Key).InsertManyAsync(batch.Select(a => new BsonDocument
        {
            ["_id"] = $"{a.Item2.Collection}:{ObjectId.GenerateNewId()}",
            ["Hostname"] = a.Item2.Host,
            ["Message"] = $"kernel: I/O error on dev sd{(char)('a' + (a.i % 4))} sector {a.i}",
            ["lad"] = new BsonDocument
            {
                ["source_collection"] = a.Item2.Collection,
                ["hostname"] = a.Item2.Host,
                ["message"] = $"kernel: I/O error on dev sd{(char)('a' + (a.i % 4))} sector {a.i}",
                ["level"] = "err",
                ["score"] = 0.5 + (random.NextDouble() / 2),
                ["threshold"] = 0.4,
                ["template"] = "kernel: I/O error on dev <*> sector <*>",
                ["reasons"] = new BsonArray { "template never seen in training" },
                ["template_training_count"] = 0,
                ["nearest_normal"] = BsonNull.Value,
                ["model_version"] = "1",
                ["detected_at"] = a.Item3,
            },
        }));
        foreach (var (_, (collection, _, host), at) in batch)
        {
            var hour = HourlyAnomalyCounts.HourOf(at);
            perHour[(collection, host, hour)] = perHour.GetValueOrDefault((collection, host, hour)) + 1;
        }
    }
}

foreach (var batch in perHour.GroupBy(c => (c.Key.Source, c.Key.Host, Day: c.Key.Hour.Date)).Chunk(1000))
{
    await target.GetCollection<BsonDocument>(HourlyAnomalyCounts.CollectionName).InsertManyAsync(batch.Select(day => new BsonDocument
    {
        ["_id"] = $"{day.Key.Source}\u001f{day.Key.Host}\u001f{day.Key.Day:yyyy-MM-dd}",
        ["source"] = day.Key.Source,
        ["host"] = day.Key.Host,
        ["day"] = day.Key.Day,
        ["counts"] = new BsonDocument(day.Select(c => new BsonElement(c.Key.Hour.Hour.ToString("00", CultureInfo.InvariantCulture), c.Value))),
    }));
}

Console.WriteLine($"loaded {anomalyCount:N0} anomalies of {hosts.Length:N0} hosts in {sources.Length} sources in {clock.Elapsed.TotalSeconds:F0} s");
clock.Restart();
string[] states = ["open", "acknowledged", "resolved", "resolved"];
foreach (var batch in Enumerable.Range(0, incidentCount).Chunk(5000))
{
    await target.GetCollection<BsonDocument>("lad_incidents").InsertManyAsync(batch.Select(i =>
    {
        var (collection, _, host) = hosts[random.Next(hosts.Length)];
        var first = now.AddSeconds(-random.Next(24 * 3600));
        return new BsonDocument
        {
            ["_id"] = $"{i:x16}",
            ["source"] = collection,
            ["signature"] = $"sig{i % 500}",
            ["template"] = "kernel: I/O error on dev <*> sector <*>",
            ["representative"] = $"kernel: I/O error on dev sda sector {i}",
            ["reasons"] = new BsonArray { "template never seen in training" },
            ["max_score"] = 0.8,
            ["hosts"] = new BsonArray { host },
            ["first_seen"] = first,
            ["last_seen"] = first.AddSeconds(random.Next(600)),
            ["count"] = 1 + random.Next(20),
            ["samples"] = new BsonArray(),
            ["state"] = states[i % states.Length],
            ["acknowledged_by"] = BsonNull.Value,
            ["acknowledged_at"] = BsonNull.Value,
            ["resolved_by"] = BsonNull.Value,
            ["resolved_at"] = BsonNull.Value,
            ["updated_at"] = now,
        };
    }));
}

Console.WriteLine($"loaded {incidentCount:N0} incidents in {clock.Elapsed.TotalSeconds:F0} s");

// The silo: every host registered, polling rarely, and incidents closed only after two quiet days (the figures are the
// console's, not the detectors' or the sweep's: the open incidents loaded would otherwise all be resolved at start, a
// rewrite of thousands of incidents that an in-memory server takes minutes over).
var httpPort = FreePort();
var config = Path.Combine(Path.GetTempPath(), $"lad-bench-console-{run}.yaml");
await File.WriteAllTextAsync(config, $"""
    MG_URI: "{uri}"
    MG_INPUT_DB: "{inputDb}"
    MG_TARGET_DB: "{targetDb}"
    POLL_INTERVAL: 3600
    INCIDENT_QUIET_PERIOD: 172800
    HTTP_PORT: {httpPort}
    SILO_PORT: {FreePort()}
    GATEWAY_PORT: {FreePort()}
    LOG_SOURCES:
    {string.Join("\n", sources.Select(s => $"  \"{s.Collection}\":\n    HOSTNAMES: [{string.Join(", ", s.Hosts.Select(h => $"\"{h}\""))}]\n    MG_TARGET_COL: \"{s.Target}\""))}
    """);
var silo = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(root, "src/Silo/bin/Release/net10.0/lad-silo.dll"), "--config", config, "--Logging:LogLevel:Default=Warning"])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
})!;
// The silo's warnings and errors are kept, to show why a call failed.
var siloErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
silo.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.Ordinal)) { siloErrors.Enqueue(line); } };
silo.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.Ordinal)) { siloErrors.Enqueue(line); } };
silo.BeginOutputReadLine();
silo.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromMinutes(2) };
    clock.Restart();
    while (true)
    {
        try
        {
            if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException)
        {
        }

        if (clock.Elapsed > TimeSpan.FromMinutes(5))
        {
            throw new TimeoutException("lad-silo was not ready within 5 minutes");
        }

        await Task.Delay(1000);
    }

    Console.WriteLine($"lad-silo ready in {clock.Elapsed.TotalSeconds:F0} s with {hosts.Length:N0} hosts");
    // The charts show what was loaded in their hours (the day's clock hours up to the current one).
    using (var hourly = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/anomalies/hourly?hours=24")))
    {
        var from = hourly.RootElement.GetProperty("from").GetDateTime().ToUniversalTime();
        var shown = hourly.RootElement.GetProperty("hosts").EnumerateArray().SelectMany(x => x.GetProperty("counts").EnumerateArray()).Sum(c => c.GetInt32());
        Console.WriteLine($"hourly chart: {shown:N0} anomalies counted, {perHour.Where(p => p.Key.Hour >= from).Sum(p => p.Value):N0} loaded in its hours");
    }

    var (c, _, h) = hosts[hosts.Length / 2];
    var incidentId = $"{incidentCount / 2:x16}";
    (string Page, string[] Calls)[] pages =
    [
        ("overview", ["/api/hosts", "/api/incidents/open-counts", "/api/anomalies/hourly?hours=24"]),
        ("incidents", ["/api/incidents?skip=0&limit=26", "/api/sources", "/api/incidents/timeline"]),
        ("incidents, page 20", ["/api/incidents?skip=475&limit=26", "/api/sources", "/api/incidents/timeline"]),
        ("incidents of a host, open", [$"/api/incidents?host={h}&state=open&limit=26", "/api/sources", $"/api/incidents/timeline?host={h}&state=open"]),
        ("incident", [$"/api/incidents/{incidentId}"]),
        ("host", [$"/api/hosts/{c}/{h}", $"/api/anomalies?source={c}&host={h}&limit=25", $"/api/incidents?source={c}&host={h}&open=true&limit=50",
            $"/api/anomalies/hourly?hours=24&source={c}&host={h}", $"/api/hosts/{c}/{h}/model?templates=50"]),
        ("sources", ["/api/sources"]),
    ];
    var perCall = new Dictionary<string, List<double>>();
    var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
    var perPage = pages.ToDictionary(p => p.Page, _ => new List<double>());
    for (var round = -1; round < requests; round++)
    {
        foreach (var (page, calls) in pages)
        {
            var started = Stopwatch.GetTimestamp();
            var times = await Task.WhenAll(calls.Select(async call =>
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(call);
                _ = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{call}: {(int)response.StatusCode} after {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F0} ms");
                }

                return (call, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }));
            // The first round warms up (activations, JIT, indexes); it is not counted.
            if (round >= 0)
            {
                perPage[page].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                foreach (var (call, ms) in times)
                {
                    (perCall.TryGetValue(call, out var list) ? list : perCall[call] = []).Add(ms);
                }
            }
        }
    }

    Console.WriteLine($"{hosts.Length:N0} hosts, {anomalyCount:N0} anomalies, {incidentCount:N0} incidents; {requests} requests each, ms:");
    Console.WriteLine($"{"page",-28} {"median",8} {"p95",8}");
    foreach (var (page, list) in perPage)
    {
        Console.WriteLine($"{page,-28} {Percentile(list, 0.5),8:F0} {Percentile(list, 0.95),8:F0}");
    }

    foreach (var failure in failures.Distinct().Take(10))
    {
        Console.WriteLine($"failed: {failure}");
    }

    foreach (var error in siloErrors.Take(5))
    {
        Console.WriteLine($"silo: {error}");
    }

    Console.WriteLine();
    Console.WriteLine($"{"call",-90} {"median",8} {"p95",8}");
    foreach (var (call, list) in perCall)
    {
        Console.WriteLine($"{call,-90} {Percentile(list, 0.5),8:F0} {Percentile(list, 0.95),8:F0}");
    }
}
finally
{
    silo.Kill(entireProcessTree: true);
    await silo.WaitForExitAsync();
    File.Delete(config);
    if (jongodb is not null)
    {
        await jongodb.DisposeAsync();
    }
}

static double Percentile(List<double> values, double share)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
}

static int FreePort()
{
    using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
