using System.Globalization;
using Lad.Engine.Model;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source.Files;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Retry;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using Lad.Grains.Source.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Lad.Grains.Detection.Files;

/// <summary>The database-free daemon's detector: one per silo, following <c>LS_INPUT_PATH</c>.</summary>
/// <remarks>At its first start it stores the end of what the file holds as its position, trains one model per host on
/// the lines before it, then scores what is appended, each host's lines in that host's stream. A batch's anomalies are
/// written before its position is stored, so a restart neither skips nor rescans a line (the file sink skips an anomaly
/// it already holds). A host first seen after a training has its lines kept as history (counted as awaiting a model)
/// and is trained on them at the next tick; every host is retrained after <c>RETRAIN_INTERVAL</c>.</remarks>
internal sealed partial class FileDetectorGrain : Grain, IFileDetectorGrain
{
    private readonly RecoverableState<FileProgressState> _progress;
    private readonly RecoverableState<FileModelsState> _models;
    private readonly FileModelRecords _modelRecords;
    private readonly LadConfig _config;
    private readonly DetectorOptions _options;
    private readonly IAnomalySink _sink;
    private readonly TrainingGate _gate;
    private readonly DetectorTimings _timings;
    private readonly TimeProvider _time;
    private readonly ILogger<FileDetectorGrain> _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Dictionary<string, IAnomalyModel> _detectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ILogStreamScorer> _streams = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaitingModel = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly string _source;
    private readonly FileLineReader _reader;
    private ILineSource? _tailer;
    private IGrainTimer? _timer;
    private Task<FileTraining>? _training;
    private bool _trainingAll;
    private DateTime _nextTrainingAttempt = DateTime.MinValue;
    private readonly FailureStreak _readFailures;
    private int _trainingsLeavingHostsOut;

    public FileDetectorGrain(
        [FromKeyedServices(DetectorStorage.ProviderName)] IGrainStorage storage,
        LadConfig config,
        IAnomalySink sink,
        TrainingGate gate,
        IOptions<DetectorTimings> timings,
        TimeProvider time,
        ILogger<FileDetectorGrain> logger)
    {
        _progress = new RecoverableState<FileProgressState>(storage, "progress", this.GetGrainId());
        _models = new RecoverableState<FileModelsState>(storage, "models", this.GetGrainId());
        _modelRecords = new FileModelRecords(storage, this.GetGrainId());
        _config = config;
        _options = DetectorOptionsMapping.From(config);
        _sink = sink;
        _gate = gate;
        _timings = timings.Value;
        _readFailures = new FailureStreak(_timings.Backoff);
        _time = time;
        _logger = logger;
        _path = config.LocalInputPath!;
        _source = Path.GetFileName(_path);
        _reader = new FileLineReader(_path, LocalFileFormats.Of(_path), MongoDocumentShape.From(config), config.DefaultHostname);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _progress.ReadStateAsync(cancellationToken);
        if (_progress.Unreadable is { } progressProblem)
        {
            // Without a position nothing says what was scored: start over as a first start would, after the file's end.
            LogStateUnreadable(_path, "position", progressProblem, "retraining on what the file holds and reading what is appended");
        }

        await _models.ReadStateAsync(cancellationToken);
        if (_models.Unreadable is { } modelProblem)
        {
            LogStateUnreadable(_path, "models", modelProblem, "retraining");
        }

        var models = _models.State;
        if (models.LegacyModels.Count > 0)
        {
            await _modelRecords.WriteAsync(models.LegacyModels, cancellationToken);
            models.Hosts.UnionWith(models.LegacyModels.Keys);
            models.LegacyModels.Clear();
            await _models.WriteStateAsync(cancellationToken);
        }

        foreach (var host in models.Hosts.ToList())
        {
            var (bytes, problem) = await _modelRecords.ReadAsync(host, cancellationToken);
            if (bytes is null)
            {
                models.Hosts.Remove(host);
                _awaitingModel.Add(host);
                LogStateUnreadable(_path, $"model of host {host}", problem!, "retraining that host");
                continue;
            }

            Use(host, bytes);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A batch still being read is abandoned before its anomalies are written; the next activation reads it again.
        _lifetime.Cancel();
        _timer?.Dispose();
        _tailer?.Dispose();
        return Task.CompletedTask;
    }

    public Task StartAsync()
    {
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = _timings.PollInterval,
            Interleave = false,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken timerToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timerToken, _lifetime.Token);
        var cancellation = linked.Token;
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            if (_training is { IsCompleted: true })
            {
                await CompleteTrainingAsync(now);
            }

            if (_readFailures.Waiting(now))
            {
                return;
            }

            if (!_progress.State.Started)
            {
                await StartAtEndAsync();
            }

            if (_training is null && now >= _nextTrainingAttempt && TrainingDue(now) is { } hosts)
            {
                StartTraining(hosts);
            }

            // Lines read before the first models exist would be neither history nor scored.
            if (_training is not null && _streams.Count == 0)
            {
                return;
            }

            await ReadAppendedAsync(cancellation);
            if (_readFailures.Ended() is > 0 and var failures)
            {
                LogResumed(_path, failures);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping: the batch in hand was not written, and its position not stored.
        }
        catch (Exception e)
        {
            var pause = _readFailures.Failed(now);
            _tailer?.Dispose();
            _tailer = null;
            OpenStreams();
            LogReadFailed(_path, _readFailures.Count, pause.TotalSeconds, e);
        }
    }

    // The first start: what the file holds now is history, what is appended after it is scored. The boundary is stored
    // before the training reads, so a training cut short is redone to the same boundary.
    private async Task StartAtEndAsync()
    {
        using var tailer = LocalFileFormats.Open(_path, _reader.Format, FilePosition.Start);
        while (tailer.Read(10_000).Lines.Count > 0)
        {
        }

        var end = tailer.Position;
        var progress = _progress.State;
        Store(end);
        progress.Started = true;
        await _progress.WriteStateAsync();
        LogStartedAtEnd(_path, end.Offset, end.Line);
    }

    // Null when no training is due; else whether every host is retrained, or only the hosts named.
    private (bool All, IReadOnlySet<string> Hosts)? TrainingDue(DateTime now)
    {
        var models = _models.State;
        if (models.Hosts.Count == 0 || (models.TrainedAt is { } at && now - at >= _timings.RetrainInterval))
        {
            return (true, new HashSet<string>());
        }

        return _awaitingModel.Count > 0 ? (false, new HashSet<string>(_awaitingModel, StringComparer.Ordinal)) : null;
    }

    private void StartTraining((bool All, IReadOnlySet<string> Hosts) due)
    {
        var boundary = _progress.State.Offset;
        Func<string, bool>? wanted = due.All ? null : due.Hosts.Contains;
        // Copies only: the training runs on the thread pool and must not touch grain fields.
        var path = _path;
        var reader = _reader;
        var maxPerHost = _config.TrainMaxEntries;
        var options = _options;
        var gate = _gate;
        var token = _lifetime.Token;
        _trainingAll = due.All;
        LogTrainingStarted(_path, due.All ? "every host" : string.Join(", ", due.Hosts), boundary);
        _training = Task.Run(() => FileTrainer.TrainAsync(path, reader, boundary, maxPerHost, options, gate, wanted, token), token);
    }

    private async Task CompleteTrainingAsync(DateTime now)
    {
        var training = _training!;
        _training = null;
        if (!training.IsCompletedSuccessfully)
        {
            _trainingsLeavingHostsOut++;
            var pause = _timings.Backoff(_trainingsLeavingHostsOut);
            _nextTrainingAttempt = now + pause;
            LogTrainingFailed(_path, pause.TotalSeconds, training.Exception?.GetBaseException());
            return;
        }

        var result = training.Result;
        var models = _models.State;
        await _modelRecords.WriteAsync(result.Models, _lifetime.Token);
        foreach (var (host, bytes) in result.Models)
        {
            models.Hosts.Add(host);
            _awaitingModel.Remove(host);
            Use(host, bytes);
            LogHostTrained(_path, host, result.Lines[host], _detectors[host].Threshold);
        }

        foreach (var (host, failure) in result.Failures)
        {
            LogHostTrainingFailed(_path, host, failure);
        }

        models.Version++;
        if (_trainingAll || models.TrainedAt is null)
        {
            models.TrainedAt = now;
        }

        await _models.WriteStateAsync();
        if (result.Models.Count == 0 && models.Hosts.Count == 0)
        {
            LogNoHistory(_path);
        }

        // Hosts left without a model (no usable line yet, or their training failed) are tried again after a pause that
        // grows, so one bad host does not retrain the others on every tick.
        _trainingsLeavingHostsOut = result.Failures.Count > 0 || models.Hosts.Count == 0 ? _trainingsLeavingHostsOut + 1 : 0;
        _nextTrainingAttempt = _trainingsLeavingHostsOut > 0 ? now + _timings.Backoff(_trainingsLeavingHostsOut) : now;
    }

    private void Use(string host, byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            _detectors[host] = ModelCatalog.Load(stream);
            _streams[host] = _detectors[host].OpenStream();
        }
        catch (ModelFormatException e)
        {
            // An unreadable stored model is replaced by a training of that host.
            _models.State.Hosts.Remove(host);
            _awaitingModel.Add(host);
            LogStateUnreadable(_path, $"model of host {host}", e.Message, "retraining that host");
        }
    }

    // A batch that failed is read again: its lines must not be judged after themselves.
    private void OpenStreams()
    {
        foreach (var (host, detector) in _detectors)
        {
            _streams[host] = detector.OpenStream();
        }
    }

    private async Task ReadAppendedAsync(CancellationToken cancellationToken)
    {
        var progress = _progress.State;
        _tailer ??= LocalFileFormats.Open(_path, _reader.Format, PositionOf(progress));
        var batchSize = _config.PollBatchSize;
        for (var i = 0; i < _timings.MaxBatchesPerTick; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = _tailer.Read(batchSize);
            if (read.Change is TailChange.Truncated or TailChange.Replaced)
            {
                LogFileChanged(_path, read.Change == TailChange.Truncated ? "was truncated" : "was replaced (rotated)", progress.Offset);
            }

            if (read.Lines.Count == 0)
            {
                if (read.Position != PositionOf(progress))
                {
                    // Reading starts over in a new or truncated file before any of its lines is complete.
                    Store(read.Position);
                    await _progress.WriteStateAsync();
                }

                return;
            }

            await HandleAsync(read, cancellationToken);
            if (read.Lines.Count < batchSize)
            {
                return;
            }
        }
    }

    // Scores the lines, writes their anomalies, and only then stores the position after them.
    private async Task HandleAsync(TailRead read, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var skipped = new Dictionary<SkipReason, int>();
        var byHost = new Dictionary<string, List<PolledRecord>>(StringComparer.Ordinal);
        foreach (var line in read.Lines)
        {
            var reason = _reader.TryRead(line, now, out var record, out var problem);
            if (problem is not null)
            {
                LogBadLine(problem);
            }

            if (reason is null && record is not null && !_streams.ContainsKey(record.Record.Host))
            {
                _awaitingModel.Add(record.Record.Host);
                reason = SkipReason.AwaitingModel;
            }

            if (reason is { } skip)
            {
                skipped[skip] = skipped.GetValueOrDefault(skip) + 1;
            }
            else if (record is not null)
            {
                if (!byHost.TryGetValue(record.Record.Host, out var records))
                {
                    byHost[record.Record.Host] = records = [];
                }

                records.Add(record);
            }
        }

        var version = _models.State.Version.ToString(CultureInfo.InvariantCulture);
        var anomalies = new List<Sink.DetectedAnomaly>();
        var scored = 0;
        foreach (var (host, records) in byHost)
        {
            var batch = BatchScorer.Score(_source, records, _streams[host], (_, _) => false, version, now);
            anomalies.AddRange(batch.Anomalies);
            scored += batch.Scored;
            foreach (var failure in batch.Failures)
            {
                skipped[SkipReason.ScoringFailed] = skipped.GetValueOrDefault(SkipReason.ScoringFailed) + 1;
                LogScoringFailed(_path, failure.SourceId.ToString()!, failure.Detail);
            }
        }

        // Anomalies are ordered as their lines were, whatever host they belong to.
        anomalies.Sort((a, b) => LineNumber(a).CompareTo(LineNumber(b)));
        cancellationToken.ThrowIfCancellationRequested();
        // From here the batch is finished whatever happens to the activation: written, then its position stored.
        var written = await _sink.WriteAsync(_source, "", anomalies, CancellationToken.None);
        foreach (var letter in written.DeadLettered)
        {
            LogNotWritten(_path, letter.SourceId.ToString()!, letter.Detail);
        }

        var progress = _progress.State;
        Store(read.Position);
        progress.LinesScored += scored;
        progress.Anomalies += written.Inserted;
        foreach (var (reason, count) in skipped)
        {
            var key = reason.ToString();
            progress.Skipped[key] = progress.Skipped.GetValueOrDefault(key) + count;
        }

        await _progress.WriteStateAsync();
        LogBatch(_path, read.Lines.Count, scored, written.Inserted, written.AlreadyPresent, read.Lines[0].Number, read.Lines[^1].Number,
            skipped.Count == 0 ? "none" : string.Join(", ", skipped.Select(s => $"{Abstractions.Detection.ReasonLabel.Of(s.Key.ToString())} {s.Value}")));
    }

    private static long LineNumber(Sink.DetectedAnomaly anomaly) =>
        anomaly.Source.Document.TryGetValue("line", out var line) && line.IsNumeric ? line.ToInt64() : 0;

    private void Store(FilePosition position)
    {
        var progress = _progress.State;
        progress.Offset = position.Offset;
        progress.Line = position.Line;
        progress.IdentityLength = position.Identity.Length;
        progress.IdentityHash = position.Identity.Hash;
    }

    private static FilePosition PositionOf(FileProgressState progress) =>
        new(progress.Offset, progress.Line, new FileIdentity(progress.IdentityLength, progress.IdentityHash));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: first start at byte {Offset} (line {Lines}): what it holds before is history, what follows is scored (for a JSON array export: the export that replaces it)")]
    private partial void LogStartedAtEnd(string path, long offset, long lines);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: training {Hosts} on the lines before byte {Boundary}")]
    private partial void LogTrainingStarted(string path, string hosts, long boundary);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: host {Host} trained on {Lines} lines, threshold {Threshold:0.###}")]
    private partial void LogHostTrained(string path, string host, int lines, double threshold);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: host {Host} could not be trained: {Failure}; its lines wait for the next training")]
    private partial void LogHostTrainingFailed(string path, string host, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: training failed; retry in {Pause} s")]
    private partial void LogTrainingFailed(string path, double pause, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: no usable lines to train on yet; the lines appended are history until a host has a model")]
    private partial void LogNoHistory(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: read {Lines} lines ({First}-{Last}), scored {Scored}, anomalies written {Written} (already there {Present}); not scored: {Skipped}")]
    private partial void LogBatch(string path, int lines, int scored, int written, int present, long first, long last, string skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} {Change}; reading it from its start (position was byte {Offset})")]
    private partial void LogFileChanged(string path, string change, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}; line skipped")]
    private partial void LogBadLine(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: line {Id} could not be scored ({Detail}); going on")]
    private partial void LogScoringFailed(string path, string id, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: the anomaly of line {Id} could not be written ({Detail}); going on")]
    private partial void LogNotWritten(string path, string id, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: stored {State} unreadable ({Problem}); {Action}")]
    private partial void LogStateUnreadable(string path, string state, string problem, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: reading failed ({Failures} in a row); retry in {Pause} s")]
    private partial void LogReadFailed(string path, int failures, double pause, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: reading resumed after {Failures} failure(s)")]
    private partial void LogResumed(string path, int failures);
}
