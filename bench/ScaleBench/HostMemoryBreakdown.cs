using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Configuration;

namespace Lad.ScaleBench;

/// <summary>Where a host's memory goes, measured in this process, not the silo: the managed bytes of the two things the
/// file-mode detector keeps per host (the model loaded from its saved model, and the stream that scores its lines), each
/// the growth of the heap after a full collection, and the size of the saved model, which it keeps on disk only; then what
/// the database daemon's host grain keeps beside them, its volume monitor (file mode has no volume anomalies).</summary>
/// <remarks>An explanation of the silo's figure, not a substitute for it: the silo holds these in one grain
/// (<c>FileDetectorGrain</c>), with the runtime, Orleans and allocator overhead on top.</remarks>
internal static class HostMemoryBreakdown
{
    public static BreakdownFigures Measure(int hosts, int linesPerHost)
    {
        // The daemon's model defaults, mapped as the silo maps them; the database names only satisfy the loader.
        var config = LadConfigLoader.Load("MG_INPUT_DB: in\nMG_TARGET_DB: out\nMG_INPUT_COL: logs\n", new Dictionary<string, string>());
        var options = DetectorOptionsMapping.From(config);
        var saved = Train(hosts, linesPerHost, options, new VolumeOptions(config.VolumeInterval));
        var start = LiveBytes();
        var models = saved.Select(host =>
        {
            using var stream = new MemoryStream(host.Model, writable: false);
            return ModelCatalog.Load(stream);
        }).ToList();
        var loaded = LiveBytes();
        var streams = models.Select(model => model.OpenStream()).ToList();
        var opened = LiveBytes();
        var monitors = saved.Select((host, i) =>
        {
            using var stream = new MemoryStream(host.Volume, writable: false);
            return new VolumeMonitor(VolumeProfile.Load(stream, models[i] as ITemplateMatcher));
        }).ToList();
        var monitored = LiveBytes();
        GC.KeepAlive(saved);
        GC.KeepAlive(streams);
        GC.KeepAlive(monitors);
        return new BreakdownFigures(
            hosts, saved.Sum(h => (long)h.Model.Length), loaded - start, opened - loaded, saved.Sum(h => (long)h.Volume.Length), monitored - opened);
    }

    // Each host trained alone and saved as the silos save it (the volume profile as the database daemon's training
    // makes it, from the lines' times and by the model's templates); only the saved bytes are kept.
    private static List<(byte[] Model, byte[] Volume)> Train(int hosts, int linesPerHost, DetectorOptions options, VolumeOptions volume)
    {
        var saved = new List<(byte[], byte[])>(hosts);
        foreach (var host in HistoryLog.Generate(hosts, linesPerHost).GroupBy(l => l.Host))
        {
            var history = host.Select(l => l.ToRecord()).ToList<LogRecord>();
            var model = ModelCatalog.CreateTrainer(options).Train(history);
            using var buffer = new MemoryStream();
            ModelCatalog.Save(model, buffer);
            using var volumeBuffer = new MemoryStream();
            var times = host.Select(l => (l.Timestamp.UtcDateTime, l.ToRecord().Message)).ToList();
            (model is ITemplateMatcher templates ? VolumeProfileTrainer.Train(times, volume, templates) : VolumeProfileTrainer.Train(times, volume)).Save(volumeBuffer);
            saved.Add((buffer.ToArray(), volumeBuffer.ToArray()));
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
/// <param name="SavedVolumeBytes">The saved volume profiles' bytes (the database daemon stores one beside each model).</param>
/// <param name="VolumeBytes">The heap's growth from loading every volume profile into a monitor.</param>
internal sealed record BreakdownFigures(int Hosts, long SavedBytes, long ModelBytes, long StreamBytes, long SavedVolumeBytes, long VolumeBytes);
