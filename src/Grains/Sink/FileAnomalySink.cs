using System.Text;

namespace Lad.Grains.Sink;

/// <summary>Appends anomalies to a file as NDJSON, one JSON object per line (<c>STORAGE_DATASINK: local</c>,
/// <c>LS_OUTPUT_PATH</c>), never the same anomaly twice.</summary>
/// <remarks>On its first write the sink reads the ids the file already holds, so a batch replayed after a crash or kill
/// writes only what it had not written; a line cut short by a crash in the middle of a write (no line ending) is removed
/// before anything is appended. Each write is flushed to the disk before the detector stores its position.</remarks>
public sealed class FileAnomalySink : IAnomalySink
{
    private readonly string _path;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private HashSet<string>? _written;

    /// <summary>Creates the sink over <paramref name="path"/>; the file is created on the first write.</summary>
    /// <param name="path">The output file (<c>LS_OUTPUT_PATH</c>).</param>
    public FileAnomalySink(string path) => _path = path;

    /// <inheritdoc />
    public async Task<SinkWriteResult> WriteAsync(
        string sourceCollection, string target, IReadOnlyList<DetectedAnomaly> anomalies, CancellationToken cancellationToken)
    {
        if (anomalies.Count == 0)
        {
            return SinkWriteResult.Empty;
        }

        await _writing.WaitAsync(cancellationToken);
        try
        {
            var written = _written ??= await LoadWrittenAsync(cancellationToken);
            var text = new StringBuilder();
            var problems = new List<DeadLetters.DeadLetter>();
            var fresh = new List<string>();
            var present = 0;
            foreach (var anomaly in anomalies)
            {
                var (id, line, problem) = AnomalyJsonLine.Of(sourceCollection, anomaly);
                if (written.Contains(id) || fresh.Contains(id))
                {
                    present++;
                }
                else if (problem is not null)
                {
                    problems.Add(problem);
                }
                else
                {
                    text.Append(line).Append('\n');
                    fresh.Add(id);
                }
            }

            if (fresh.Count > 0)
            {
                await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                await file.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
                file.Flush(flushToDisk: true);
                written.UnionWith(fresh);
            }

            return new SinkWriteResult(fresh.Count, present, problems);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<HashSet<string>> LoadWrittenAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(_path))
        {
            return ids;
        }

        var bytes = await File.ReadAllBytesAsync(_path, cancellationToken);
        var complete = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            // A write cut short: its anomalies were never recorded as written, so the replay writes them whole.
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            file.SetLength(complete);
        }

        foreach (var line in Encoding.UTF8.GetString(bytes, 0, complete).Split('\n'))
        {
            if (line.Length > 0 && AnomalyJsonLine.IdOf(line) is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
