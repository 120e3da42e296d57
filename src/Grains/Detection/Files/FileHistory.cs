using Lad.Engine.Source;
using Lad.Engine.Source.Files;
using Lad.Grains.Source.Files;

namespace Lad.Grains.Detection.Files;

/// <summary>Reads the history hosts train on: the lines of <c>LS_INPUT_PATH</c> before a boundary, the newest
/// <c>TRAIN_MAX_ENTRIES</c> of each host.</summary>
internal static class FileHistory
{
    private const int ChunkLines = 10_000;

    /// <summary>Each host's lines before <paramref name="boundary"/>, oldest first.</summary>
    /// <param name="path">The input file.</param>
    /// <param name="reader">Turns lines into records.</param>
    /// <param name="boundary">Lines at or after this offset are not read (they are scored).</param>
    /// <param name="maxPerHost">Most lines kept per host (the newest).</param>
    /// <param name="wanted">Which hosts to keep lines of; all when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Dictionary<string, Queue<LogRecord>> Read(
        string path, FileLineReader reader, long boundary, int maxPerHost, Func<string, bool>? wanted, CancellationToken cancellationToken)
    {
        var hosts = new Dictionary<string, Queue<LogRecord>>(StringComparer.Ordinal);
        using var tailer = LocalFileFormats.Open(path, reader.Format, FilePosition.Start);
        var now = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = tailer.Read(ChunkLines);
            foreach (var line in read.Lines)
            {
                if (line.Offset >= boundary)
                {
                    return hosts;
                }

                if (reader.TryRead(line, now, out var record, out _) is not null || record is null
                    || (wanted is not null && !wanted(record.Record.Host)))
                {
                    continue;
                }

                if (!hosts.TryGetValue(record.Record.Host, out var lines))
                {
                    hosts[record.Record.Host] = lines = new Queue<LogRecord>();
                }

                lines.Enqueue(record.Record);
                if (lines.Count > maxPerHost)
                {
                    lines.Dequeue();
                }
            }

            if (read.Lines.Count < ChunkLines)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return hosts;
    }
}
