using System.Globalization;
using Lad.Grains.Detection.Files;
using Lad.Grains.Storage;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lad.Integration.Tests.Files;

/// <summary>The fork's database-free shape (<c>STORAGE_DATASOURCE: local</c>, <c>LS_INPUT_PATH</c>,
/// <c>STORAGE_DATASINK: stdout</c> or <c>local</c>) runs on the real silo: lines appended to a syslog file become
/// anomalies, through rotation, truncation and restarts, none lost and none written twice.</summary>
public sealed class FileDaemonTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private static readonly string[] Hosts = ["cumulus", "dataform"];
    private static readonly GrainId DetectorGrain = GrainId.Create("filedetector", FileDetectorStarter.DetectorKey);
    private const string ServiceId = "lad-files-test";
    private const string NewHost = "nas-01";
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(FileModelsState).Assembly))
        .BuildServiceProvider();
    private readonly string _directory = Directory.CreateTempSubdirectory("lad-files-").FullName;
    private readonly Dictionary<string, int> _routine = Hosts.ToDictionary(h => h, _ => 0);
    private int _clock;

    private string Log => Path.Combine(_directory, "app.log");

    private string StateDirectory => Path.Combine(_directory, "state");

    private string Output => Path.Combine(_directory, "anomalies.ndjson");

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task StdoutGetsOneJsonAnomalyPerLineThroughRotationAndTruncation()
    {
        File.WriteAllLines(Log, History());
        await using var silo = LocalSilo.Start(Config("stdout"));
        await WaitTrainedAsync(silo);

        File.AppendAllLines(Log, Normal(20).Append(Line("cumulus", LogStore.Foreign(1))));
        await WaitAnomaliesAsync(silo, 1);

        // Rename rotation: the writer finishes the old file, then a new one takes the path.
        File.Move(Log, Log + ".1");
        File.AppendAllLines(Log + ".1", [Line("cumulus", LogStore.Foreign(2))]);
        File.WriteAllLines(Log, Normal(10).Append(Line("dataform", LogStore.Foreign(3))).Concat(Normal(5)));
        await WaitAnomaliesAsync(silo, 3);

        // Copy-and-truncate rotation.
        using (var file = new FileStream(Log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(0);
        }

        File.AppendAllLines(Log, [Line("dataform", LogStore.Foreign(4)), .. Normal(6)]);
        var lines = await WaitAnomaliesAsync(silo, 4);

        var anomalies = lines.Select(BsonDocument.Parse).ToList();
        Assert.Equal(
            [("cumulus", LogStore.Foreign(1)), ("cumulus", LogStore.Foreign(2)), ("dataform", LogStore.Foreign(3)), ("dataform", LogStore.Foreign(4))],
            anomalies.Select(a => (a["lad"]["hostname"].AsString, Message(a))));
        Assert.Equal(4, anomalies.Select(a => a["_id"].AsString).Distinct().Count());
        Assert.All(anomalies, a => Assert.Equal("app.log", a["lad"]["source_collection"].AsString));
        Assert.Contains(silo.Error, l => l.Contains("was replaced (rotated)", StringComparison.Ordinal));
        Assert.Contains(silo.Error, l => l.Contains("was truncated", StringComparison.Ordinal));
        // The log went to standard error: standard output holds the anomalies and nothing else.
        Assert.Equal(4, silo.Output.Count);
    }

    [Fact]
    public async Task RestartsLoseNoLineAndScoreNoneTwiceAndTheFileGetsEachAnomalyOnce()
    {
        var history = History().ToList();
        File.WriteAllLines(Log, history);
        var config = Config("local");
        var appended = 0;
        var batches = new List<(long First, long Last, int Scored)>();

        await using (var first = LocalSilo.Start(config))
        {
            await WaitTrainedAsync(first);
            appended += Append(Normal(30).Append(Line("cumulus", LogStore.Foreign(1))));
            await WaitScoredAsync(first, history.Count + appended);
            batches.AddRange(first.Batches());
            await first.KillAsync();
        }

        // Written while no silo runs.
        appended += Append(Normal(12).Append(Line("dataform", LogStore.Foreign(2))));
        await using (var second = LocalSilo.Start(config))
        {
            await WaitScoredAsync(second, history.Count + appended);
            appended += Append(Normal(7).Append(Line("cumulus", LogStore.Foreign(3))));
            await WaitScoredAsync(second, history.Count + appended);
            batches.AddRange(second.Batches());
            Assert.DoesNotContain(second.Error, l => l.Contains("trained on", StringComparison.Ordinal));
            await second.StopAsync();
        }

        appended += Append(Normal(3).Append(Line("dataform", LogStore.Foreign(4))));
        await using (var third = LocalSilo.Start(config))
        {
            await WaitScoredAsync(third, history.Count + appended);
            batches.AddRange(third.Batches());
        }

        // Every appended line was scored exactly once, in order, across the three silos.
        Assert.Equal(
            Enumerable.Range(history.Count + 1, appended).Select(n => (long)n),
            batches.SelectMany(b => LongRange(b.First, b.Last)));
        Assert.Equal(appended, batches.Sum(b => b.Scored));
        var anomalies = File.ReadAllLines(Output).Select(BsonDocument.Parse).ToList();
        Assert.Equal(Enumerable.Range(1, 4).Select(LogStore.Foreign), anomalies.Select(Message));
    }

    [Fact]
    public async Task AJsonArrayExportWithTheForksFieldNamesTrainsAndTheExportReplacingItIsScoredOnce()
    {
        var export = Path.Combine(_directory, "solidex.by.json");
        WriteExport(export, Normal(400).Select(Document).ToList());
        await using var silo = LocalSilo.Start(Config("stdout", export, "HOSTNAME_INDEX: hostname\nMESSAGE_INDEX: message"));
        await WaitTrainedAsync(silo);

        var next = Normal(40).Select(Document).ToList();
        next.Insert(25, new BsonDocument { ["_id"] = "planted", ["hostname"] = "dataform", ["message"] = LogStore.Foreign(5), ["received_at"] = "2026-11-24T12:00:00Z" });
        WriteExport(export, next);
        var lines = await WaitAnomaliesAsync(silo, 1);
        await WaitScoredAsync(silo, 1);

        var anomaly = BsonDocument.Parse(Assert.Single(lines));
        Assert.Equal(("dataform", LogStore.Foreign(5)), (anomaly["lad"]["hostname"].AsString, Message(anomaly)));
        // The original document's fields stay at the top level, as in MongoDB's anomaly collections.
        Assert.Equal("2026-11-24T12:00:00Z", anomaly["received_at"].AsString);
        Assert.Equal("solidex.by.json:\"planted\"", anomaly["_id"].AsString);
        Assert.Equal(next.Count, silo.Batches().Sum(b => b.Scored));
        Assert.Contains(silo.Error, l => l.Contains("was replaced (rotated)", StringComparison.Ordinal));
        // Every line was usable, and the batch's line says so rather than ending on an empty list.
        Assert.Contains(silo.Error, l => l.Contains($"scored {next.Count}, anomalies written 1 (already there 0); not scored: none", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachHostsModelIsARecordOfItsOwnWrittenWhenThatHostTrainsAndADirectoryHoldingEveryModelInOneLoadsWithoutRetraining()
    {
        var history = History().ToList();
        File.WriteAllLines(Log, history);
        var config = Config("local", extra: $"SERVICE_ID: {ServiceId}");
        await using (var first = LocalSilo.Start(config))
        {
            await WaitTrainedAsync(first);
            await first.StopAsync();
        }

        // The index names the hosts; their models are in records of their own, each far larger than the index.
        var storage = StateStorage();
        var index = new GrainState<FileModelsState>(new FileModelsState());
        await storage.ReadStateAsync("models", DetectorGrain, index);
        Assert.Equal(Hosts.Order(), index.State!.Hosts.Order());
        Assert.Empty(index.State.LegacyModels);
        var models = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var host in Hosts)
        {
            var record = new GrainState<FileHostModelState>(new FileHostModelState());
            await storage.ReadStateAsync($"model.{host}", DetectorGrain, record);
            models[host] = record.State!.Model!;
        }

        Assert.All(models.Values, m => Assert.True(m.Length > 1_000, $"a model of {m.Length} bytes"));
        Assert.True(new FileInfo(RecordFile("models")).Length < 500, $"index of {new FileInfo(RecordFile("models")).Length} bytes");

        // As an earlier release left it: every model in the one record, no record per host.
        index.State.LegacyModels = models;
        index.State.Hosts.Clear();
        await storage.WriteStateAsync("models", DetectorGrain, index);
        foreach (var host in Hosts)
        {
            File.Delete(RecordFile($"model.{host}"));
        }

        var appended = Append(Normal(10).Append(Line("dataform", LogStore.Foreign(6))));
        await using (var second = LocalSilo.Start(config))
        {
            await WaitScoredAsync(second, history.Count + appended);
            Assert.DoesNotContain(second.Error, l => l.Contains("trained on", StringComparison.Ordinal));
            var moved = new GrainState<FileModelsState>(new FileModelsState());
            await StateStorage().ReadStateAsync("models", DetectorGrain, moved);
            Assert.Equal(Hosts.Order(), moved.State!.Hosts.Order());
            Assert.Empty(moved.State.LegacyModels);
            var records = Hosts.ToDictionary(h => h, h => File.ReadAllBytes(RecordFile($"model.{h}")));

            // A host first seen now is trained alone: its record is written, the others' are left as they were.
            appended += Append(Enumerable.Range(0, 30).Select(i => Line(NewHost, $"disk sda{i % 3} temperature {30 + (i % 5)} C")));
            await Eventually.WaitAsync(
                () => Task.FromResult(second.Error.Any(l => l.Contains($"host {NewHost} trained on", StringComparison.Ordinal))),
                trained => trained,
                Wait,
                _ => $"{NewHost} not trained; log: {string.Join('\n', second.Error.TakeLast(20))}");
            Assert.True(File.Exists(RecordFile($"model.{NewHost}")));
            Assert.All(Hosts, h => Assert.Equal(records[h], File.ReadAllBytes(RecordFile($"model.{h}"))));
            await second.StopAsync();
        }

        Assert.Equal([LogStore.Foreign(6)], File.ReadAllLines(Output).Select(BsonDocument.Parse).Select(Message));
    }

    private FileGrainStorage StateStorage() => new(
        "lad",
        new FileGrainStorageOptions { Directory = StateDirectory, GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()) },
        Options.Create(new ClusterOptions { ServiceId = ServiceId }),
        _services.GetRequiredService<IActivatorProvider>(),
        NullLogger<FileGrainStorage>.Instance);

    private string RecordFile(string stateName) =>
        Assert.Single(Directory.GetFiles(StateDirectory, $"{FileDetectorStarter.DetectorKey}.{stateName}-*.state"));

    private static void WriteExport(string path, List<BsonDocument> documents)
    {
        // Beside and then over the path, as an export job would put it there.
        File.WriteAllText(path + ".tmp", new BsonArray(documents).ToJson(new MongoDB.Bson.IO.JsonWriterSettings { Indent = true }));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    // The fork's export shape: the syslog line split into its fields.
    private static BsonDocument Document(string line)
    {
        var parts = line.Split(' ', 3);
        return new BsonDocument { ["_id"] = ObjectId.GenerateNewId(), ["received_at"] = parts[0], ["hostname"] = parts[1], ["message"] = parts[2] };
    }

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var n = first; n <= last; n++)
        {
            yield return n;
        }
    }

    private int Append(IEnumerable<string> lines)
    {
        var list = lines.ToList();
        File.AppendAllLines(Log, list);
        return list.Count;
    }

    private IEnumerable<string> History() => Normal(200 * Hosts.Length);

    // Each host goes on with its own routine in its own order (the model knows which line follows which on a host).
    private IEnumerable<string> Normal(int count) =>
        Enumerable.Range(0, count).Select(i => Hosts[i % Hosts.Length]).Select(h => Line(h, LogStore.Normal(h, _routine[h]++))).ToList();

    // rsyslog's precise format: the host follows the time.
    private string Line(string host, string message) =>
        $"{new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc).AddSeconds(_clock++).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} {host} {message}";

    private static string Message(BsonDocument anomaly) => anomaly["lad"]["message"].AsString;

    private static Task WaitTrainedAsync(LocalSilo silo) =>
        Eventually.WaitAsync(
            () => Task.FromResult(silo.Error.Count(l => l.Contains("trained on", StringComparison.Ordinal))),
            n => n == Hosts.Length,
            Wait,
            n => $"{n} hosts trained; log: {string.Join('\n', silo.Error.TakeLast(20))}");

    private static Task WaitScoredAsync(LocalSilo silo, long lastLine) =>
        Eventually.WaitAsync(
            () => Task.FromResult(silo.Batches()),
            b => b.Count > 0 && b[^1].Last >= lastLine,
            Wait,
            b => $"batches {string.Join(", ", b)}; log: {string.Join('\n', silo.Error.TakeLast(20))}");

    private async Task<IReadOnlyList<string>> WaitAnomaliesAsync(LocalSilo silo, int count) =>
        await Eventually.WaitAsync(
            () => Task.FromResult(silo.Output),
            o => o.Count >= count,
            Wait,
            o => $"{o.Count} anomalies: {string.Join('\n', o)}; log: {string.Join('\n', silo.Error.TakeLast(20))}");

    // The fork's local shape, with state kept beside the test's files.
    private string Config(string sink, string? input = null, string extra = "")
    {
        var path = Path.Combine(_directory, $"lad-{sink}.yaml");
        File.WriteAllText(path, $"""
            STORAGE_DATASOURCE: local
            STORAGE_DATASINK: {sink}
            LS_INPUT_PATH: {input ?? Log}
            {extra}
            LS_OUTPUT_PATH: {Output}
            MODEL_DIR: {StateDirectory}
            POLL_INTERVAL: 1
            SILO_PORT: {SiloProcess.FreePort()}
            GATEWAY_PORT: {SiloProcess.FreePort()}
            """);
        return path;
    }
}
