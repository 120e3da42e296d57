using Orleans.Storage;

namespace Lad.Grains.Detection.Files;

/// <summary>The file-mode detector's models, one grain-state record per host (<c>model.{host}</c>).</summary>
/// <remarks>With every model in one record, each training (even of one new host) rewrote every host's model, and the
/// grain kept all their bytes in memory beside the loaded models to be able to: at 10,000 hosts a 266 MB record and
/// about 28 KB per host held for nothing. A record per host is written when that host is trained, and its bytes are
/// dropped once the model is loaded, as the database daemon's host grains drop theirs.</remarks>
internal sealed class FileModelRecords
{
    // Writes wait on the disk (each flushes before its rename), so a few at once keep a large training's save short.
    private const int ConcurrentWrites = 8;

    private readonly IGrainStorage _storage;
    private readonly GrainId _grain;
    private readonly Dictionary<string, RecoverableState<FileHostModelState>> _records = new(StringComparer.Ordinal);

    /// <summary>Creates the records of the grain <paramref name="grain"/> in <paramref name="storage"/>.</summary>
    public FileModelRecords(IGrainStorage storage, GrainId grain)
    {
        _storage = storage;
        _grain = grain;
    }

    /// <summary>Reads the model stored for <paramref name="host"/>; null, with what was wrong, when none can be used.</summary>
    public async Task<(byte[]? Model, string? Problem)> ReadAsync(string host, CancellationToken cancellationToken)
    {
        var record = RecordOf(host);
        await record.ReadStateAsync(cancellationToken);
        var model = record.State.Model;
        record.State.Model = null;
        return (model, record.Unreadable ?? (model is null ? "no model stored" : null));
    }

    /// <summary>Stores each host's model in its record; returns when all are written.</summary>
    public async Task WriteAsync(IReadOnlyDictionary<string, byte[]> models, CancellationToken cancellationToken)
    {
        // The records are created here, on the caller's turn, so the writes below touch no shared dictionary.
        var writes = models.Select(m => (Record: RecordOf(m.Key), m.Value)).ToList();
        await Parallel.ForEachAsync(
            writes,
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentWrites, CancellationToken = cancellationToken },
            async (write, token) =>
            {
                if (write.Record.Etag is null)
                {
                    // A record this grain has not read (a host new to the index) may still be on disk from a training
                    // whose index write never happened; its version must be known to replace it.
                    await write.Record.ReadStateAsync(token);
                }

                write.Record.State.Model = write.Value;
                try
                {
                    await write.Record.WriteStateAsync(token);
                }
                finally
                {
                    write.Record.State.Model = null;
                }
            });
    }

    private RecoverableState<FileHostModelState> RecordOf(string host)
    {
        if (!_records.TryGetValue(host, out var record))
        {
            _records[host] = record = new RecoverableState<FileHostModelState>(_storage, $"model.{host}", _grain);
        }

        return record;
    }
}
