using Lad.Engine.Model;
using Lad.Engine.Source;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.ScaleBench;

/// <summary>Where a host's memory goes, measured in this process, not the silo: the managed bytes of the two things the
/// file-mode detector keeps per host (the model loaded from its saved model, and the stream that scores its lines), each
/// the growth of the heap after a full collection, and the size of the saved model, which it keeps on disk only.</summary>
/// <remarks>An explanation of the silo's figure, not a substitute for it: the silo holds these in one grain
/// (<c>FileDetectorGrain</c>), with the runtime, Orleans and allocator overhead on top.</remarks>
internal static class HostMemoryBreakdown
{
    public static BreakdownFigures Measure(int hosts, int linesPerHost)
    {
        // The daemon's model defaults, mapped as the silo maps them; the database names only satisfy the loader.
        var options = DetectorOptionsMapping.From(LadConfigLoader.Load(
            "MG_INPUT_DB: in\nMG_TARGET_DB: out\nMG_INPUT_COL: logs\n", new Dictionary<string, string>()));
        var saved = Train(hosts, linesPerHost, options);
        var start = LiveBytes();
        var models = saved.Select(bytes =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return ModelCatalog.Load(stream);
        }).ToList();
        var loaded = LiveBytes();
        var streams = models.Select(model => model.OpenStream()).ToList();
        var opened = LiveBytes();
        GC.KeepAlive(saved);
        GC.KeepAlive(streams);
        return new BreakdownFigures(hosts, saved.Sum(b => (long)b.Length), loaded - start, opened - loaded);
    }

    // Each host trained alone and saved as the silo saves it; only the saved bytes are kept.
    private static List<byte[]> Train(int hosts, int linesPerHost, DetectorOptions options)
    {
        var saved = new List<byte[]>(hosts);
        foreach (var host in HistoryLog.Generate(hosts, linesPerHost).GroupBy(l => l.Host))
        {
            var history = host.Select(l => l.ToRecord()).ToList<LogRecord>();
            var model = ModelCatalog.CreateTrainer(options).Train(history);
            using var buffer = new MemoryStream();
            ModelCatalog.Save(model, buffer);
            saved.Add(buffer.ToArray());
        }

        return saved;
    }

    private static long LiveBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>The managed bytes the breakdown measured over all its hosts.</summary>
/// <param name="Hosts">Hosts trained in the bench's process.</param>
/// <param name="SavedBytes">The saved models' bytes (what each host's record holds on disk).</param>
/// <param name="ModelBytes">The heap's growth from loading every model.</param>
/// <param name="StreamBytes">The heap's growth from opening a stream on every model.</param>
internal sealed record BreakdownFigures(int Hosts, long SavedBytes, long ModelBytes, long StreamBytes);
