using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Metrics;
using Lad.Grains.Polling;
using Lad.Grains.Source;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Lad.Grains.Detection;

/// <summary>
/// Reads one host's new documents from where its stored progress stands (tailing its change stream, polling by id or
/// by time, or taking what its collection's shared poll handed it) and hands each batch on to be scored and written.
/// A batch is recorded as read in the progress only by the callback the handler runs after its writes, so a crash in
/// between re-reads it.
/// </summary>
/// <remarks>Runs on its grain's scheduler, one call at a time, as part of the grain; holds the activation's reading
/// windows, loaded from the stored progress at the first read.</remarks>
internal sealed partial class HostReader
{
    private readonly HostKey _host;
    private readonly DetectorServices _services;
    private readonly DetectorTimings _timings;
    private readonly TimeProvider _time;
    private readonly RecoverableState<ProgressState> _progress;
    private readonly Func<ModelState> _model;
    private readonly BatchHandler _handle;
    private readonly ILogger _logger;

    /// <summary>The reading position, loaded from the stored progress on the first read of the activation.</summary>
    private ReadingWindow? _window;

    /// <summary>The reading position of documents without ObjectId ids (with <c>MG_TIME_FIELD</c> set), loaded likewise.</summary>
    private TimedWindow? _timedWindow;
    private bool _windowFullReported;

    /// <summary>Handles a batch read: scores it and writes what it found, then runs <paramref name="recordRead"/>
    /// (which records the batch in the progress) and stores the progress.</summary>
    public delegate Task BatchHandler(
        IReadOnlyList<PolledRecord> records, IReadOnlyDictionary<SkipReason, int> skipped, Action recordRead, CancellationToken cancellationToken);

    /// <summary>Creates the reader of <paramref name="host"/>.</summary>
    /// <param name="host">The host read.</param>
    /// <param name="services">The silo's detection services (sources, configuration).</param>
    /// <param name="timings">How many batches a tick reads at most.</param>
    /// <param name="time">The clock.</param>
    /// <param name="progress">The host's stored progress, which holds its reading position.</param>
    /// <param name="model">The host's stored model state, whose training boundary is where reading starts when the progress holds no position.</param>
    /// <param name="handle">Scores and writes each batch read.</param>
    /// <param name="logger">The host detector's logger.</param>
    public HostReader(
        HostKey host, DetectorServices services, DetectorTimings timings, TimeProvider time, RecoverableState<ProgressState> progress,
        Func<ModelState> model, BatchHandler handle, ILogger logger)
    {
        _host = host;
        _services = services;
        _timings = timings;
        _time = time;
        _progress = progress;
        _model = model;
        _handle = handle;
        _logger = logger;
    }

    /// <summary>When the host last read (a poll, a change stream batch, a handed chunk); null before the first read.</summary>
    public DateTime? LastRead { get; private set; }

    /// <summary>Drops the windows held, so the next read loads them from the stored progress (read again after another writer changed it).</summary>
    public void Forget()
    {
        _window = null;
        _timedWindow = null;
    }

    /// <summary>
    /// Starts reading after the host's first training: at its boundary, with what the training read in the look-back
    /// behind it counted as handled. Stored before the model, so a crash in between retrains to the same boundary.
    /// </summary>
    public async Task BeginAfterFirstTrainingAsync(TrainedModel trained, CancellationToken cancellationToken)
    {
        var window = new ReadingWindow(_services.Config.PollLookback, trained.Boundary, ObjectId.Empty, trained.IdsAbove);
        var timedWindow = new TimedWindow(_services.Config.PollLookback, trained.Boundary.CreationTime, DateTime.MinValue, trained.TimedAbove);
        Store(window);
        Store(timedWindow);
        await _progress.WriteStateAsync(cancellationToken);
        _window = window;
        _timedWindow = timedWindow;
    }

    /// <summary>
    /// Reads what came since the stored position and hands it on batch by batch: from the change stream where it is
    /// open, else by polling (by id, then by time with <c>MG_TIME_FIELD</c>), opening the change stream once a poll
    /// caught up where streams are wanted.
    /// </summary>
    /// <returns>True when nothing more was waiting (a change stream's read counts as complete).</returns>
    public async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        BsonTimestamp? streamFrom = null;
        if (StreamsWanted)
        {
            if (HasStreamPosition)
            {
                try
                {
                    await TailAsync(cancellationToken);
                    return true;
                }
                catch (ChangeStreamUnavailableException e)
                {
                    StreamsUnavailable(e.Message);
                }
                catch (ChangeStreamLostException e)
                {
                    LogStreamLost(_host, e.Message, _services.Config.PollLookback.TotalSeconds);
                    _progress.State.StreamToken = [];
                    _progress.State.StreamStart = 0;
                    await _progress.WriteStateAsync(cancellationToken);
                }
            }

            // No stream yet (or its position was lost): poll to catch up, then open it at the time this poll started,
            // so nothing committed between the two is missed.
            streamFrom = StreamsWanted ? await _services.Stream.ClusterTimeAsync(cancellationToken) : null;
            if (StreamsWanted && streamFrom is null)
            {
                StreamsUnavailable("the server keeps no cluster time (a standalone server)");
            }
        }

        var drained = await PollByIdAsync(cancellationToken);
        if (_services.Config.TimeField is not null)
        {
            drained &= await PollByTimeAsync(cancellationToken);
        }

        await CountUnorderableAsync(cancellationToken);
        if (drained && streamFrom is { } start && StreamsWanted)
        {
            _progress.State.StreamStart = start.Value;
            await _progress.WriteStateAsync(cancellationToken);
            LogStreamOpened(_host, start.Timestamp);
        }

        return drained;
    }

    /// <summary>Whether this host is to read by change stream: the source offers them and the server has not refused.</summary>
    public bool StreamsWanted => _services.ChangeStreams && _services.StreamSupport.Unavailable is null;

    /// <summary>Whether the host reads its change stream now (it has a position in it), rather than polling.</summary>
    public bool HasStreamPosition => _progress.State.StreamToken.Length > 0 || _progress.State.StreamStart != 0;

    /// <summary>
    /// Handles what the collection's shared poll fetched for this host, as batches of the host's own reads: each
    /// document not yet scored, in chunks of a batch.
    /// </summary>
    public async Task ReadHandedAsync(IReadOnlyList<byte[]> documents, CancellationToken cancellationToken)
    {
        var batchSize = _services.Config.PollBatchSize;
        var window = await WindowAsync(cancellationToken);
        var reader = new LogDocumentReader(_services.Shape);
        foreach (var chunk in documents.Chunk(batchSize))
        {
            // A handed chunk is this host's batch as one it read itself is, so it gets the same poll span; its read is
            // the decoding of what the shared poll fetched.
            using var poll = DetectionTelemetry.StartPoll(_host);
            PollBatch batch;
            using (DetectionTelemetry.TimeRead(_host))
            {
                batch = HandedDocuments.Unhandled(chunk, window, reader);
            }

            LastRead = _time.GetUtcNow().UtcDateTime;
            if (batch.Handled == 0)
            {
                DetectionTelemetry.NothingRead(poll);
                continue;
            }

            await _handle(batch.Records, batch.Skipped, () =>
            {
                if (window.Add(batch.Read, _time.GetUtcNow().UtcDateTime))
                {
                    ReportWindowFull(window.Capacity, window.Floor.CreationTime);
                }

                Store(window);
            }, cancellationToken);
        }
    }

    private void StreamsUnavailable(string reason)
    {
        if (_services.StreamSupport.MarkUnavailable(reason))
        {
            LogStreamsUnavailable(reason, _services.Config.PollLookback.TotalSeconds);
        }
    }

    // Reads what the change stream delivered since the stored position. A document the look-back record already holds
    // was scored by a poll (the catch-up before the stream opened, or a batch replayed after a crash) and is skipped;
    // one older than the look-back is a late commit polling would have missed, and is scored.
    private async Task TailAsync(CancellationToken cancellationToken)
    {
        var window = await WindowAsync(cancellationToken);
        var timed = _services.Config.TimeField is null ? null : _timedWindow ??= TimedWindowFromProgress();
        var batchSize = _services.Config.PollBatchSize;
        for (var i = 0; i < _timings.MaxBatchesPerTick; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var progress = _progress.State;
            var position = new StreamPosition(
                progress.StreamToken.Length > 0 ? BsonSerializer.Deserialize<BsonDocument>(progress.StreamToken) : null,
                new BsonTimestamp(progress.StreamStart));
            using var poll = DetectionTelemetry.StartPoll(_host);
            StreamBatch batch;
            using (DetectionTelemetry.TimeRead(_host))
            {
                batch = await _services.Stream.ReadAsync(_host.Collection, _host.Hostname, position, batchSize, cancellationToken);
            }

            LastRead = _time.GetUtcNow().UtcDateTime;
            var scoredBefore = batch.Read.Where(r => Scored(r.Id, r.Time)).Select(r => r.Id).ToHashSet();
            var fresh = batch.Records.Where(r => !scoredBefore.Contains(r.Id)).ToList();
            await _handle(fresh, batch.Skipped, () =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                window.Add(batch.Read.Where(r => r.Id.IsObjectId).Select(r => r.Id.AsObjectId), now);
                Store(window);
                if (timed is not null)
                {
                    timed.Add(batch.Read.Where(r => !r.Id.IsObjectId).Select(r => new KeyValuePair<string, DateTime>(SourceIds.Text(r.Id), r.Time)), now);
                    Store(timed);
                }

                progress.StreamToken = batch.ResumeToken.ToBson();
            }, cancellationToken);
            if (batch.Read.Count < batchSize)
            {
                return;
            }
        }

        bool Scored(BsonValue id, DateTime time) => id.IsObjectId
            ? id.AsObjectId > window.Floor && window.Handled(id.AsObjectId)
            : timed is not null && time > timed.Floor && timed.Handled(SourceIds.Text(id), time);
    }

    private async Task<bool> PollByIdAsync(CancellationToken cancellationToken)
    {
        var window = await WindowAsync(cancellationToken);
        return await DrainAsync(
            token => _services.Source.PollAsync(_host.Collection, _host.Hostname, window, _services.Config.PollBatchSize, token),
            batch =>
            {
                if (window.Add(batch.Read, _time.GetUtcNow().UtcDateTime))
                {
                    ReportWindowFull(window.Capacity, window.Floor.CreationTime);
                }

                Store(window);
            },
            cancellationToken);
    }

    // Documents whose _id is no ObjectId have no place in the id order: with MG_TIME_FIELD set they are read by time.
    private Task<bool> PollByTimeAsync(CancellationToken cancellationToken)
    {
        var window = _timedWindow ??= TimedWindowFromProgress();
        return DrainAsync(
            token => _services.Source.PollTimedAsync(_host.Collection, _host.Hostname, window, _services.Config.PollBatchSize, token),
            batch =>
            {
                if (window.Add(batch.Read, _time.GetUtcNow().UtcDateTime))
                {
                    ReportWindowFull(window.Capacity, window.Floor);
                }

                Store(window);
            },
            cancellationToken);
    }

    /// <summary>Reads and handles batches until fewer than a batch wait, or a tick's share of batches is done.</summary>
    /// <returns>True when nothing more was waiting.</returns>
    private async Task<bool> DrainAsync<TBatch>(
        Func<CancellationToken, Task<TBatch>> read, Action<TBatch> recordRead, CancellationToken cancellationToken)
        where TBatch : IReadBatch
    {
        var batchSize = _services.Config.PollBatchSize;
        for (var i = 0; i < _timings.MaxBatchesPerTick; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var poll = DetectionTelemetry.StartPoll(_host);
            TBatch batch;
            using (DetectionTelemetry.TimeRead(_host))
            {
                batch = await read(cancellationToken);
            }

            LastRead = _time.GetUtcNow().UtcDateTime;
            if (batch.Handled == 0)
            {
                DetectionTelemetry.NothingRead(poll);
                return true;
            }

            await _handle(batch.Records, batch.Skipped, () => recordRead(batch), cancellationToken);
            if (batch.Handled < batchSize)
            {
                return true;
            }
        }

        return false;
    }

    // Once per activation: a host this busy would otherwise warn on every batch.
    private void ReportWindowFull(int capacity, DateTime floor)
    {
        if (!_windowFullReported)
        {
            _windowFullReported = true;
            LogWindowFull(_host, capacity, floor);
        }
    }

    private TimedWindow TimedWindowFromProgress() =>
        StoredPosition.TimedWindow(_progress.State, _model(), _time.GetUtcNow().UtcDateTime, _services.Config.PollLookback);

    /// <summary>The reading position of this activation, from the stored progress. An unreadable stored position is
    /// replaced by a safe one (the model's training boundary, else now minus the look-back), logged and stored at once,
    /// so it is never retried.</summary>
    private async Task<ReadingWindow> WindowAsync(CancellationToken cancellationToken)
    {
        if (_window is not null)
        {
            return _window;
        }

        var progress = _progress.State;
        var lookback = _services.Config.PollLookback;
        var boundary = StoredPosition.TrainingBoundary(_model(), _time.GetUtcNow().UtcDateTime, lookback);
        if (StoredPosition.IdWindow(progress, boundary, lookback) is { } stored)
        {
            return _window = stored;
        }

        LogUnreadablePosition(_host, progress.Checkpoint, progress.WindowFloor, progress.WindowIds.Length, boundary);
        _window = StoredPosition.Start(boundary, lookback);
        Store(_window);
        await _progress.WriteStateAsync(cancellationToken);
        return _window;
    }

    private void Store(TimedWindow window) => StoredPosition.Keep(_progress.State, window);

    private void Store(ReadingWindow window) => StoredPosition.Keep(_progress.State, window);

    // Documents whose _id is no ObjectId and that have no date in MG_TIME_FIELD (or it is unset) cannot be placed in any
    // order polling reads: they are counted and reported (as skipped, IdNotObjectId) rather than left unseen. The count
    // is of what the collection holds, so it never counts a document twice.
    private async Task CountUnorderableAsync(CancellationToken cancellationToken)
    {
        var (count, example) = await _services.Source.CountUnorderableAsync(_host.Collection, _host.Hostname, cancellationToken);
        var key = nameof(SkipReason.IdNotObjectId);
        var known = _progress.State.Skipped.GetValueOrDefault(key);
        if (count <= known)
        {
            return;
        }

        LogUnorderable(_host, count - known, count, example?.ToString() ?? "");
        _progress.State.Skipped[key] = count;
        await _progress.WriteStateAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: caught up by polling; tailing the change stream from cluster time {ClusterTime}")]
    private partial void LogStreamOpened(HostKey host, int clusterTime);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: {Problem}; catching up by polling with the {Lookback} s look-back (documents committed meanwhile with ids older than that may be missed), then opening a new change stream")]
    private partial void LogStreamLost(HostKey host, string problem, double lookback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MongoDB offers no change streams here ({Reason}): every host polls with the {Lookback} s look-back (POLL_LOOKBACK); set MG_CHANGE_STREAMS: false to say so and silence this")]
    private partial void LogStreamsUnavailable(string reason, double lookback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: stored reading position is unreadable (checkpoint '{Checkpoint}', window floor '{Floor}', {IdBytes} bytes of window ids); resuming from {Resume}")]
    private partial void LogUnreadablePosition(HostKey host, string checkpoint, string floor, int idBytes, ObjectId resume);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: {Count} more documents whose _id is not an ObjectId and that have no date in MG_TIME_FIELD (e.g. {Example}), {Total} in all; nothing places them in a reading order, so they are counted as skipped (IdNotObjectId), not scored (with MG_TIME_FIELD set, documents dated there are read by time)")]
    private partial void LogUnorderable(HostKey host, long count, long total, string example);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: more than {Capacity} lines in the look-back window; late documents older than {Floor:o} are no longer read")]
    private partial void LogWindowFull(HostKey host, int capacity, DateTime floor);
}
