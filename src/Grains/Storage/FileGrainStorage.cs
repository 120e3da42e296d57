using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Configuration.Overrides;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Lad.Grains.Storage;

/// <summary>Orleans grain storage in local files, for a silo that runs with no database: one file per grain state.</summary>
/// <remarks>
/// A file holds a header (magic, format, version, length, XxHash64 of the bytes) and the serialised state. A write goes
/// to a temporary file beside it, is flushed to the disk, then renamed over the old one, so a crash leaves either the old
/// state or the new one whole; the checksum turns any other damage into a <see cref="CorruptGrainStateException"/> rather
/// than wrong state. The version is the ETag: a write whose ETag is not the stored version is refused, as the MongoDB
/// storage refuses it. Only one silo may use a directory (the daemon's local mode clusters on localhost).
/// </remarks>
public sealed partial class FileGrainStorage : IGrainStorage
{
    private const uint Magic = 0x4C414447; // "LADG"
    private const byte Format = 1;
    private const int HeaderBytes = 4 + 1 + 8 + 8 + 8;

    private readonly string _name;
    private readonly string _serviceId;
    private readonly FileGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<FileGrainStorage> _logger;

    /// <summary>Creates the storage; prefer <see cref="FileGrainStorageExtensions.AddFileGrainStorage(Orleans.Hosting.ISiloBuilder, string, Action{FileGrainStorageOptions})"/>.</summary>
    /// <param name="name">The provider name grains refer to.</param>
    /// <param name="options">The provider's options.</param>
    /// <param name="clusterOptions">Gives the service id that namespaces the files.</param>
    /// <param name="activators">Creates a fresh state when none is stored.</param>
    /// <param name="logger">Logs writes and damage.</param>
    public FileGrainStorage(
        string name, FileGrainStorageOptions options, IOptions<ClusterOptions> clusterOptions, IActivatorProvider activators, ILogger<FileGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>The factory <c>AddGrainStorage</c> calls for the provider named <paramref name="name"/>.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider name.</param>
    public static FileGrainStorage Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<FileGrainStorage>(
            services,
            name,
            services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name),
            services.GetProviderClusterOptions(name));

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            grainState.State = _activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var (version, payload, problem) = Decode(bytes);
        if (problem is not null)
        {
            LogCorrupt(_name, path, problem);
            throw new CorruptGrainStateException(path, problem, version ?? "");
        }

        try
        {
            grainState.State = _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload))
                ?? throw new InvalidDataException("the bytes decode to nothing");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = $"its {payload.Length} bytes do not deserialise as {typeof(T).Name} ({e.GetType().Name}: {e.Message})";
            LogCorrupt(_name, path, reason);
            throw new CorruptGrainStateException(path, reason, version!, e);
        }

        grainState.ETag = version;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var stored = StoredVersion(path);
        if (stored != grainState.ETag)
        {
            throw new InconsistentStateException(
                $"Grain state {path} was changed by another writer (stored version {stored ?? "none"}, expected {grainState.ETag ?? "none"}).",
                stored ?? "", grainState.ETag ?? "");
        }

        var version = (long.TryParse(stored, CultureInfo.InvariantCulture, out var previous) ? previous : 0) + 1;
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToMemory();
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, Magic);
        header[4] = Format;
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(5), version);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(13), payload.Length);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(21), XxHash64.HashToUInt64(payload.Span));
        Directory.CreateDirectory(_options.Directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await file.WriteAsync(header);
                await file.WriteAsync(payload);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        LogWritten(_name, path, payload.Length);
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    // Readable enough to find a host's file by eye, unique by the hash of the whole key.
    private string PathOf(string stateName, GrainId grainId)
    {
        var key = $"{_serviceId}/{grainId}/{stateName}";
        var readable = new StringBuilder();
        foreach (var c in $"{grainId.Key}.{stateName}")
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)).ToString("x16", CultureInfo.InvariantCulture);
        var name = readable.Length > 100 ? readable.ToString(readable.Length - 100, 100) : readable.ToString();
        return Path.Combine(_options.Directory, $"{name}-{hash}.state");
    }

    private static string? StoredVersion(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var header = new byte[HeaderBytes];
            return file.Length >= HeaderBytes && file.Read(header) == HeaderBytes && BinaryPrimitives.ReadUInt32BigEndian(header) == Magic
                ? BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(5)).ToString(CultureInfo.InvariantCulture)
                : "";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static (string? Version, byte[] Payload, string? Problem) Decode(byte[] bytes)
    {
        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt32BigEndian(bytes) != Magic)
        {
            return ("", [], $"it is {bytes.Length} bytes without a LAD state header");
        }

        var version = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(5)).ToString(CultureInfo.InvariantCulture);
        if (bytes[4] != Format)
        {
            return (version, [], $"its format {bytes[4]} is not {Format}");
        }

        var length = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(13));
        if (length != bytes.Length - HeaderBytes)
        {
            return (version, [], $"it holds {bytes.Length - HeaderBytes} bytes of state where its header says {length}");
        }

        var payload = bytes[HeaderBytes..];
        return XxHash64.HashToUInt64(payload) == BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(21))
            ? (version, payload, null)
            : (version, [], "its bytes do not match their checksum");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "File grain storage {Name}: {Path} is damaged: {Problem}")]
    private partial void LogCorrupt(string name, string path, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "File grain storage {Name}: wrote {Path} ({Bytes} bytes)")]
    private partial void LogWritten(string name, string path, int bytes);
}
