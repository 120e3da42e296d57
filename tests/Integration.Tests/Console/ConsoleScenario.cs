using System.Text.Json;
using Lad.Client.Cluster;
using Lad.Client.Commands;
using Lad.Grains.Abstractions.Detection;
using Lad.Integration.Tests.Daemon;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Console;

/// <summary>Runs lad's command handlers against a test cluster the way the tool does (same handlers, same error guard).</summary>
internal sealed class ConsoleScenario(DaemonCluster cluster, LogStore store)
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    public async Task<(int Code, CapturedConsole Out)> RunAsync(string name, Func<IGrainFactory, CapturedConsole, Task<int>> handler)
    {
        var captured = new CapturedConsole();
        var code = await ClusterCommand.GuardAsync(name, captured.Error, () => handler(cluster.Grains, captured));
        return (code, captured);
    }

    public async Task<JsonElement[]> AnomaliesJsonAsync(string? source = null, string? host = null)
    {
        var (code, output) = await RunAsync("anomalies", (g, c) => AnomaliesCommand.RunAsync(g, source, host, null, 100, true, c.Console, c.Output));
        Assert.Equal(0, code);
        return JsonDocument.Parse(output.Text).RootElement.EnumerateArray().ToArray();
    }

    /// <summary>Inserts lines for a host and waits until its detector has handled the last of them.</summary>
    public Task<List<ObjectId>> InsertAndDrainAsync(string collection, string host, params string[] messages) =>
        InsertAndDrainWithAsync(cluster.Grains, collection, host, messages);

    /// <summary>As <see cref="InsertAndDrainAsync"/>, asking the host's status through <paramref name="grains"/> (the
    /// silo's own grain factory where clients need a token).</summary>
    public async Task<List<ObjectId>> InsertAndDrainWithAsync(IGrainFactory grains, string collection, string host, params string[] messages)
    {
        var ids = await store.InsertAsync(collection, messages.Select(m => LogStore.Document(host, m)));
        await Eventually.WaitAsync(
            () => grains.GetGrain<IHostDetectorGrain>(new HostKey(collection, host).ToGrainKey()).GetStatusAsync(),
            s => s.Checkpoint == ids[^1].ToString(),
            Wait,
            s => Describe(s, ids[^1]));
        return ids;
    }

    // Everything the status says of the host's reading, so a wait that runs out shows whether polls ran at all, what they
    // scored and what they set aside (once seen: a host Detecting whose checkpoint stayed at its training boundary).
    private static string Describe(HostStatus s, ObjectId awaited) =>
        $"awaiting {awaited} ({awaited.CreationTime:O}); checkpoint {s.Checkpoint}, {s.Phase} {s.Reason}, reading {s.Reading}, " +
        $"last poll {s.LastPoll:O} (now {DateTime.UtcNow:O}), lines scored {s.LinesScored}, anomalies {s.Anomalies}, " +
        $"model {s.ModelVersion}, skipped {string.Join(", ", s.SkippedDocuments.Select(p => $"{p.Key} {p.Value}"))}, " +
        $"dead letters {string.Join(", ", s.DeadLetters.Select(p => $"{p.Key} {p.Value}"))}";

    public Task<HostStatus> WaitDetectingAsync(string collection, string host) =>
        Eventually.WaitAsync(
            () => cluster.Host(collection, host).GetStatusAsync(),
            s => s.Phase == DetectorPhase.Detecting,
            Wait,
            s => $"{s.Host}: {s.Phase} {s.Reason}");
}
