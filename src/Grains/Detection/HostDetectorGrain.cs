using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.DeadLetters;
using Lad.Grains.Incidents;
using Lad.Grains.Metrics;
using Lad.Grains.Retry;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Lad.Grains.Placement;
using Lad.Grains.Polling;
using MongoDB.Driver;
using Orleans.Storage;
using Orleans.Timers;

namespace Lad.Grains.Detection;

/// <summary>One host's detector: trains off the grain scheduler, then polls, scores and writes anomalies on a timer.</summary>
/// <remarks>The checkpoint moves only after a batch's anomalies are in the sink, so a crash in between re-scores the
/// batch and the idempotent sink absorbs the replay. Any MongoDB or training failure is logged and retried after an
/// exponential, capped pause; it never escapes the timer.</remarks>
// Each host lives on the silo that owns it (rendezvous hashing over the active silos), wherever it is started from; a
// host that finds another silo owns it (one joined) moves there at its next tick.
[HostOwnershipPlacement]
internal sealed partial class HostDetectorGrain : Grain, IHostDetectorGrain, IHostPollTarget, IRemindable, IGrainMigrationParticipant
{
    private const string KeepAliveReminder = "keep-alive";
    private const string RunningKey = "running";

    private readonly RecoverableState<ModelState> _model;
    private readonly RecoverableState<ProgressState> _progress;
    private readonly DetectorServices _services;
    private readonly TrainingGate _gate;
    private readonly DetectorTimings _timings;
    private readonly TimeProvider _time;
    private readonly ILogger<HostDetectorGrain> _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Suppressions _suppressions = new();
    private readonly LadMetrics _metrics;
    private readonly ClusterOwnership _ownership;
    private readonly StepDrain _steps;
    // Null while this activation has no source (it was removed) or after a stop: such a host shows in no metrics, and
    // a start takes its source again first.
    private HostMetrics? _hostMetrics;
    private SiloAddress? _announcedOwner;

    // As many sessions as the default model's stream remembers.
    private const int SessionCapacity = 100_000;

    private HostKey _host;
    private string _targetCollection = "";
    private SessionKeyPattern? _sessions;
    private SessionTails? _tails;
    private IAnomalyModel? _detector;

    /// <summary>
    /// The detector's stream over this host's lines, so each line is judged in the context of the lines before it, as
    /// <c>lad eval</c> measures. It lives as long as the activation and the model; a new one starts without context.
    /// </summary>
    private ILogStreamScorer? _stream;

    /// <summary>Reads the host's new documents from its stored position; made at activation.</summary>
    private HostReader _reader = null!;

    /// <summary>Counts this host's rates against its volume profile; null when it has none.</summary>
    private VolumeMonitor? _volume;
    private IGrainTimer? _timer;
    private Task<TrainedModel>? _training;

    // Counted apart: polls that succeed while trainings fail must not reset the training's backoff.
    private readonly FailureStreak _pollFailures;
    private readonly FailureStreak _trainingFailures;
    private bool _keepAliveRegistered;
    private bool _resumeAfterMigration;

    /// <summary>Volume anomalies the sink inserted whose later steps (incidents, progress) have not succeeded yet: they
    /// are counted when a batch gets through. (A line's anomaly is counted by the batch that scores its document, whether
    /// that batch's sink write inserted it or found it from a failed try.)</summary>
    private int _insertedUncounted;

    /// <summary>The collection's shared poll this host hears from (see <see cref="ICollectionPollerGrain"/>).</summary>
    private readonly SharedPollLink _sharedPoll = new();

    /// <summary>How often this host reads for itself while in step with its shared poll (the poll says, by its host count).</summary>
    private TimeSpan _ownReadInterval;

    /// <summary>How unreadable stored state was replaced at activation (shown in the status until a training succeeds).</summary>
    private string? _stateRecovery;

    public HostDetectorGrain(
        [FromKeyedServices(DetectorStorage.ProviderName)] IGrainStorage storage,
        DetectorServices services,
        TrainingGate gate,
        IOptions<DetectorTimings> timings,
        TimeProvider time,
        LadMetrics metrics,
        ClusterOwnership ownership,
        StepDrain steps,
        ILogger<HostDetectorGrain> logger)
    {
        _metrics = metrics;
        _ownership = ownership;
        _steps = steps;
        _model = new RecoverableState<ModelState>(storage, "model", this.GetGrainId());
        _progress = new RecoverableState<ProgressState>(storage, "progress", this.GetGrainId());
        _services = services;
        _gate = gate;
        _timings = timings.Value;
        _ownReadInterval = _timings.OwnReadInterval;
        _pollFailures = new FailureStreak(_timings.Backoff);
        _trainingFailures = new FailureStreak(_timings.Backoff);
        _time = time;
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _host = HostKey.Parse(this.GetPrimaryKeyString());
        _reader = new HostReader(_host, _services, _timings, _time, _progress, () => _model.State, HandleAsync, _logger);
        // A host whose source was removed is still woken: by the registry stopping it, by a reminder a stopped silo left,
        // by feedback on its stored anomalies. It activates without a source so those calls succeed; it cannot start,
        // and shows in no metrics.
        if (await TakeSourceAsync(cancellationToken))
        {
            _hostMetrics = _metrics.For(_host);
        }
        _suppressions.AddRange(await _services.Feedback.FalsePositivesAsync(_host, _time.GetUtcNow().UtcDateTime, cancellationToken));
        await ReadStoredStateAsync(cancellationToken);
        LoadStoredModel();
        if (_resumeAfterMigration)
        {
            await StartAsync();
        }
    }

    private async Task<bool> TakeSourceAsync(CancellationToken cancellationToken)
    {
        if (await _services.FindSourceOfHostAsync(_host, cancellationToken) is not { } source)
        {
            return false;
        }

        _targetCollection = _services.TargetOf(source);
        _sessions = source.SessionRegex is { } pattern && SessionKeyPattern.TryCreate(pattern, out var sessions, out _) ? sessions : null;
        return true;
    }

    // A running detector moved to another silo (rebalancing) keeps running there at once, not only at the next reminder.
    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(RunningKey, _timer is not null);

    public void OnRehydrate(IRehydrationContext rehydrationContext) =>
        _resumeAfterMigration = rehydrationContext.TryGetValue(RunningKey, out bool running) && running;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A batch still running is abandoned without advancing the checkpoint; the next activation re-scores it.
        _lifetime.Cancel();
        _timer?.Dispose();
        _hostMetrics?.Left();
        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        // Read afresh from the registry's store (not the YAML, which a removed source falls back to): the registry stores
        // a removal before it stops the host, so a start that comes after the store was changed (a starter's pass racing
        // `lad sources remove`) is refused, and one that came before is followed by the stop. Every start comes after the
        // store was seeded: the starter lists the registry first.
        if (_timer is null && !await _services.SourceStore.ListsHostAsync(_host.Collection, _host.Hostname, _lifetime.Token))
        {
            LogNotRegistered(_host.Collection, _host.Hostname);

            // Such a start can come from the keep-alive reminder of a host whose removal was stored by a silo that
            // stopped before it stopped the host: without this, the reminder would wake the host for ever.
            await StopAsync();
            return;
        }

        if (_hostMetrics is null)
        {
            // Activated while its source was removed, or stopped, and registered again since: the source is read again,
            // and the metrics (which go with it) made again.
            if (!await TakeSourceAsync(_lifetime.Token))
            {
                throw DetectorServices.NotRegistered(_host.Collection);
            }

            _hostMetrics = _metrics.For(_host);
            if (_detector is not null)
            {
                _hostMetrics.ModelInUse(_detector.Threshold, trained: false);
            }

            OpenStream();
        }

        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            // Hosts started together (a silo's start) take their first step spread over one interval, so their first
            // reads and training boundaries do not all reach MongoDB at once.
            DueTime = _timings.PollInterval * Random.Shared.NextDouble(),
            Period = _timings.PollInterval,
            Interleave = false,
            KeepAlive = true,
        });

        // The timer dies with its silo; the reminder outlives it and re-activates this host on a survivor.
        if (!_keepAliveRegistered && ReminderRegistry is not null)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, _timings.KeepAlivePeriod, _timings.KeepAlivePeriod);
            _keepAliveRegistered = true;
        }

        // Also on every keep-alive: a shared poll whose silo died comes back here and tells this host to read for itself.
        if (UsesSharedPoll)
        {
            await WatchSharedPollAsync();
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == KeepAliveReminder ? StartAsync() : Task.CompletedTask;

    public Task<HostModelSummary?> GetModelSummaryAsync(int templates) =>
        Task.FromResult(_detector is null ? null : HostModelSummaries.Of(_detector, _volume?.Profile, templates));

    public async Task<HostStatus> GetStatusAsync()
    {
        var model = _model.State;
        var progress = _progress.State;

        // A host in step with its shared poll was read for by the poll's last scan, though it was handed nothing.
        var lastPoll = _reader.LastRead;
        if (UsesSharedPoll && !_sharedPoll.MustReadItself
            && await GrainFactory.GetGrain<ICollectionPollerGrain>(_host.Collection).LastScanAsync() is { } scanned
            && (lastPoll is null || scanned > lastPoll))
        {
            lastPoll = scanned;
        }

        return new HostStatus(
            _host,
            CurrentPhase(),
            _pollFailures.Reason ?? _trainingFailures.Reason ?? _stateRecovery,
            model.Version,
            model.Trainings,
            model.TrainedAt,
            model.LinesTrainedOn,
            model.Templates,
            _detector?.Threshold,
            _detector is not null && _training is not null,
            progress.LinesScored,
            progress.Anomalies,
            lastPoll,
            progress.Checkpoint,
            new Dictionary<string, long>(progress.Skipped),
            new Dictionary<string, long>(progress.DeadLetters),
            _detector?.AlarmsPer10k,
            _reader.StreamsWanted && _reader.HasStreamPosition ? "change stream" : "polling",
            _detector?.RoutineThreshold,
            _tails is null ? null : _stream?.OpenContexts);
    }

    private DetectorPhase CurrentPhase() =>
        _timer is null ? DetectorPhase.Idle
        : _pollFailures.Reason is not null || (_detector is null && _trainingFailures.Reason is not null) ? DetectorPhase.Failed
        : _detector is null ? DetectorPhase.Training
        : DetectorPhase.Detecting;

    public async Task RetrainAsync()
    {
        // Under the step deadline like every step of the timer: its boundary write must not hold the host for ever.
        await StepDeadline.RunAsync(_timings.StepDeadline, _time, _lifetime.Token, StartTrainingAsync);

        // The finished training is swapped in by the timer, so a stopped detector is started to receive it.
        await StartAsync();
    }

    public async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;

        // A stopped host (source removed by a user) must not be resurrected by its reminder.
        if (ReminderRegistry is not null && await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _keepAliveRegistered = false;

        // Also when this activation never watched: the one before it may have (a host deactivated by its silo and then
        // stopped), and the poll keeps a host it has nothing to hand until told otherwise.
        if (_sharedPoll.Watching || UsesSharedPoll)
        {
            await GrainFactory.GetGrain<ICollectionPollerGrain>(_host.Collection).UnwatchAsync(_host.Hostname);
        }

        _metrics.Forget(_host);
        _hostMetrics = null;
        this.DeactivateOnIdle();
    }

    public Task<string?> TemplateOfAsync(string message) =>
        Task.FromResult(_detector?.Score(new LogRecord(message, null, _host.Hostname)).Explanation.Template);

    public Task<IReadOnlyList<ValueEvidence>?> UnusualValuesAsync(string message) =>
        Task.FromResult<IReadOnlyList<ValueEvidence>?>(_detector?.UnusualValues(new LogRecord(message, null, _host.Hostname))
            .Select(v => new ValueEvidence(v.Template, v.Parameter, v.Value, v.Reason)).ToList());

    public Task ApplyFeedbackAsync(FeedbackRecord feedback)
    {
        _suppressions.Apply(feedback);
        if (feedback.Verdict == FeedbackVerdict.FalsePositive && feedback.UndoneAt is null)
        {
            _hostMetrics?.FalsePositiveReceived();
        }
        return Task.CompletedTask;
    }

    // Present only when the silo runs a reminder service (CLUSTERING: mongo); a lone silo restarts its hosts itself.
    private IReminderRegistry? ReminderRegistry => ServiceProvider.GetService<IReminderRegistry>();

    private Task TickAsync(CancellationToken timerToken) => GuardedAsync(async (now, cancellation) =>
    {
        if (_training is { IsCompleted: true })
        {
            await CompleteTrainingAsync(now, cancellation);
        }

        if (MoveToOwner())
        {
            return;
        }

        if (_training is null && !_trainingFailures.Waiting(now) && (_detector is null || RetrainDue(now)))
        {
            await StartTrainingAsync(cancellation);
        }

        if (_detector is null || _pollFailures.Waiting(now))
        {
            return;
        }

        // Every tick, not once: a poll that dropped this host (told it while it was not yet running) or restarted (a new
        // epoch, which makes the host read for itself) learns of it within a poll interval. A grain call, no query.
        if (UsesSharedPoll)
        {
            await WatchSharedPollAsync();
        }

        // Sharing a poll, a host reads for itself only when a handover cannot be trusted, or its own read is due;
        // otherwise it waits to be told.
        if (!UsesSharedPoll || _sharedPoll.MustReadItself || _sharedPoll.OwnReadDue(now, _ownReadInterval))
        {
            await ReadItselfAsync(now, cancellation);
        }
        else if (_sharedPoll.HasWaiting)
        {
            // The handling call a handover queued may have been lost (a message dropped while the cluster changed):
            // the tick handles what waits; the call, if it comes after all, finds nothing left.
            await HandleHandedAsync(_sharedPoll.TakeDocuments(), cancellation);
        }

        await AdvanceVolumeAsync(_time.GetUtcNow().UtcDateTime, cancellation);
        Recovered();
    }, timerToken);

    public Task<bool> HandOverAsync(PollHandover handover)
    {
        if (_timer is null || !UsesSharedPoll)
        {
            return Task.FromResult(false);
        }

        if (_sharedPoll.Take(handover))
        {
            // Handled in a call of its own, so the shared poll does not wait for this host's scoring and writing.
            this.AsReference<IHostPollTarget>().HandleHandoverAsync().Ignore();
        }

        return Task.FromResult(true);
    }

    public Task HandleHandoverAsync() => GuardedAsync(async (now, cancellation) =>
    {
        var handed = _sharedPoll.TakeDocuments();
        if (_detector is null || _pollFailures.Waiting(now) || !UsesSharedPoll)
        {
            // Not detecting yet (training, a pause after a failure): what was handed is read from the store later.
            _sharedPoll.ReadItselfNext();
            return;
        }

        if (_sharedPoll.MustReadItself)
        {
            await ReadItselfAsync(now, cancellation);
        }
        else
        {
            await HandleHandedAsync(handed, cancellation);
        }

        Recovered();
    }, CancellationToken.None);

    // One complete read from the stored position; after it the host is in step with the shared poll it knew at the start,
    // unless the poll asked it to read for itself while it read.
    private async Task ReadItselfAsync(DateTime now, CancellationToken cancellation)
    {
        var start = _sharedPoll.StartOwnRead();
        var drained = await _reader.ReadAsync(cancellation);
        _sharedPoll.ReadItself(drained, start, now);
    }

    private async Task WatchSharedPollAsync()
    {
        var watch = await GrainFactory.GetGrain<ICollectionPollerGrain>(_host.Collection).WatchAsync(_host.Hostname);
        _sharedPoll.Watched(watch.Epoch);
        _ownReadInterval = watch.OwnReadInterval;
    }

    // A MongoDB collection read by polling; change streams and MySQL tables are read per host.
    private bool UsesSharedPoll => _timings.SharedPolling && _services.Source is MongoLogSource && !_reader.StreamsWanted;

    private async Task HandleHandedAsync(IReadOnlyList<byte[]> documents, CancellationToken cancellationToken)
    {
        // More than a tick's share is a backlog: read and paced by the host itself, a tick's batches at a time.
        if (documents.Count > _services.Config.PollBatchSize * _timings.MaxBatchesPerTick)
        {
            _sharedPoll.ReadItselfNext();
            return;
        }

        await _reader.ReadHandedAsync(documents, cancellationToken);
    }

    private void Recovered()
    {
        if (_pollFailures.Ended() is > 0 and var failures)
        {
            LogResumed(_host, failures);
        }
    }

    // Every step of a host (its timer, a handover) fails the same way: logged, retried from the stored position after a pause.
    private async Task GuardedAsync(Func<DateTime, CancellationToken, Task> step, CancellationToken timerToken)
    {
        if (_steps.Enter() is not { } inFlight)
        {
            // The silo is stopping: whatever this step would read is read by the host's next activation, from its checkpoint.
            return;
        }

        using var counted = inFlight;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timerToken, _lifetime.Token);
        var cancellation = stopping.Token;
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            await StepDeadline.RunAsync(_timings.StepDeadline, _time, cancellation, token => step(now, token));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Shutting down: the unfinished batch was not checkpointed and is re-scored after restart.
        }
        catch (InconsistentStateException e)
        {
            // Another writer changed this host's state: adopt what is stored and go on from its checkpoint
            // (the unsaved batch is re-scored, harmlessly).
            LogStaleState(_host, e.Message);
            _sharedPoll.ReadItselfNext();
            await _progress.ReadStateAsync(cancellation);
            await _model.ReadStateAsync(cancellation);
            _reader.Forget();
            LoadStoredModel();
        }
        catch (Exception e) when (_steps.Stopping)
        {
            // The silo began stopping during the step, and refused what the step asked of it (a grain to place, a message
            // to send). Neither MongoDB nor the host failed: the unfinished batch is re-scored after the restart, as at
            // any stop, so this is no poll failure to warn of, count or back off from.
            LogStepCutByStop(_host, e.GetType().Name);
        }
        catch (Exception e)
        {
            // The failed batch is polled and scored again from the checkpoint; a fresh stream keeps its lines from
            // being judged after themselves (context is only lost for the first replayed line).
            OpenStream();
            _sharedPoll.ReadItselfNext();
            var what = _services.Mongo.Describe(e);
            _pollFailures.Failed(now, (failures, pause) => $"poll failed ({what}); retry {failures} in {pause.TotalSeconds:0.#} s");
            if (_pollFailures.Logged)
            {
                LogPollFailed(_host, _pollFailures.Reason!, e);
            }
        }
        finally
        {
            _hostMetrics?.InPhase(CurrentPhase());
        }
    }

    // Corrupt state is replaced, never retried: an empty model retrains; empty progress resumes from the model's position.
    private async Task ReadStoredStateAsync(CancellationToken cancellationToken)
    {
        await _model.ReadStateAsync(cancellationToken);
        if (_model.Unreadable is { } modelProblem)
        {
            _stateRecovery = $"stored model unreadable ({modelProblem}); retraining";
            LogStoredStateUnreadable(_host, "model", modelProblem, "retraining from history");
        }

        await _progress.ReadStateAsync(cancellationToken);
        if (_progress.Unreadable is { } progressProblem)
        {
            _stateRecovery = $"stored progress unreadable ({progressProblem}); resumed after the model's training";
            LogStoredStateUnreadable(_host, "progress", progressProblem, "resuming after the model's training; counters restart at 0");
        }
    }

    // A silo that joined owns some hosts now: they move there between two ticks (the migration carries 'running', so the
    // detector goes on at once from its stored checkpoint). A training in flight would be lost by moving, so it finishes first.
    private bool MoveToOwner()
    {
        if (_training is not null || _ownership.OwnerElsewhere(this.GetPrimaryKeyString()) is not { } owner)
        {
            return false;
        }

        if (!owner.Equals(_announcedOwner))
        {
            _announcedOwner = owner;
            LogMovingToOwner(_host, owner);
        }

        // Placement has the last word: where its view of the cluster still lacks the owner, the move is dropped and
        // tried again next tick.
        this.MigrateOnIdle();
        return true;
    }

    // A stored model of another kind than MODEL asks for (the config changed) keeps detecting until its replacement is ready.
    private void LoadStoredModel()
    {
        if (_model.State.Model is not { } bytes)
        {
            return;
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            Use(ModelCatalog.Load(stream));
            UseVolume(_model.State.Volume);
            _hostMetrics?.ModelInUse(_detector!.Threshold, trained: false);
            ForgetStoredBytes();
        }
        catch (ModelFormatException e)
        {
            // An unreadable stored model is replaced by a fresh training rather than blocking the host.
            _stateRecovery = $"stored model unreadable ({e.Message}); retraining";
            LogStoredStateUnreadable(_host, "model", e.Message, "retraining from history");
        }
    }

    // The live model and volume monitor are what the host uses; their stored bytes would only double its memory (a
    // serialized model is about a tenth of the live one). The model state is written only when a training completes,
    // which sets both anew, so the stored record keeps them.
    private void ForgetStoredBytes()
    {
        _model.State.Model = null;
        _model.State.Volume = null;
    }

    private bool RetrainDue(DateTime now) =>
        (_model.State.TrainedAt is { } trainedAt && now - trainedAt >= _timings.RetrainInterval)
        || !string.Equals(_detector?.Kind, _services.Options.ModelKind, StringComparison.OrdinalIgnoreCase);

    private async Task StartTrainingAsync(CancellationToken cancellationToken)
    {
        if (_training is not null)
        {
            return;
        }

        var version = _model.State.Version + 1;
        var cut = TrainingCut.For(_progress.State, version, _time.GetUtcNow().UtcDateTime, _services.Config.PollLookback);
        if (cut.Reused)
        {
            LogTrainingBoundaryReused(_host, version, cut.Boundary);
        }
        else
        {
            await _progress.WriteStateAsync(cancellationToken);
        }

        // Copies only: the training runs on the thread pool and must not touch grain fields.
        var services = _services;
        var gate = _gate;
        var host = _host;
        var sessions = _sessions;
        var token = _lifetime.Token;
        var log = _logger;
        LogTrainingStarted(host, _model.State.Version, cut.Boundary);
        _training = Task.Run(() => HostTrainer.TrainAsync(services, gate, host, sessions, cut.AsOf, cut.Boundary, cut.WindowFloor, log, token), token);
    }

    private async Task CompleteTrainingAsync(DateTime now, CancellationToken cancellationToken)
    {
        var training = _training!;
        _training = null;
        if (!training.IsCompletedSuccessfully)
        {
            var error = training.Exception?.GetBaseException();
            var what = error is MongoException or TimeoutException ? _services.Mongo.Describe(error) : error?.Message ?? "cancelled";
            var pause = _trainingFailures.Failed(now, (_, pause) => $"training failed ({what}); retry in {pause.TotalSeconds:0.#} s");
            if (error is EmptyHistoryException)
            {
                // Nothing was trained on, so nothing binds the next attempt to this boundary: it takes a new one and
                // learns from the lines that arrived meanwhile.
                _progress.State.BoundaryForVersion = 0;
                if (_trainingFailures.Logged)
                {
                    LogNoHistory(_host, error.Message, _trainingFailures.Count, pause.TotalSeconds);
                }
            }
            else if (_trainingFailures.Logged)
            {
                LogTrainingFailed(_host, _trainingFailures.Reason!, error);
            }

            return;
        }

        var trained = training.Result;
        var state = _model.State;
        state.Adopt(trained, now);
        if (_progress.State.Checkpoint.Length == 0)
        {
            // The first training: polling starts at its boundary.
            await _reader.BeginAfterFirstTrainingAsync(trained, cancellationToken);
        }

        await _model.WriteStateAsync(cancellationToken);
        Use(trained.Model);
        UseVolume(trained.Volume);
        ForgetStoredBytes();
        _hostMetrics?.ModelInUse(trained.Model.Threshold, trained: true);
        _trainingFailures.Ended();
        _stateRecovery = null;
        LogTrainingFinished(_host, state.Version, trained.Lines, trained.Model.Threshold);
    }

    // Scores a batch, writes its anomalies and dead letters, then (only then) records the batch as read and stores the
    // position with the counts, so a crash in between re-reads the batch and the sink's stable ids keep it exactly once.
    private async Task HandleAsync(
        IReadOnlyList<PolledRecord> records, IReadOnlyDictionary<SkipReason, int> skipped, Action recordRead, CancellationToken cancellationToken)
    {
        ScoredBatch scored;
        using (DetectionTelemetry.TimeScore(_host, records.Count))
        {
            scored = Score(records);
        }

        SinkWriteResult written;
        using (var write = DetectionTelemetry.TimeWrite(_host))
        {
            await _services.DeadLetters.WriteAsync(scored.Failures, _time.GetUtcNow().UtcDateTime, cancellationToken);
            var volume = CountVolume(records).ToList();
            write.Span?.SetTag("lad.anomalies", scored.Anomalies.Count + volume.Count);
            written = await WriteAnomaliesAsync(scored.Anomalies, volumeAnomalies: false, cancellationToken);
            if (volume.Count > 0)
            {
                var volumeWritten = await WriteAnomaliesAsync(volume, volumeAnomalies: true, cancellationToken);
                written = written with { DeadLettered = [.. written.DeadLettered, .. volumeWritten.DeadLettered] };
            }
        }

        recordRead();
        var progress = _progress.State;
        progress.LinesScored += scored.Scored;
        // A line's anomaly belongs to the one batch that scores its document; a try of this batch that failed after the
        // sink wrote it (a cut between the insert and the hour counts) left it present, not uncounted.
        var inserted = written.Inserted + written.AlreadyPresent + _insertedUncounted;
        progress.Anomalies += inserted;
        _insertedUncounted = 0;
        var setAside = BatchOutcome.Count(progress, skipped, [.. scored.Failures, .. written.DeadLettered]);

        await _progress.WriteStateAsync(cancellationToken);
        _hostMetrics?.BatchScored(scored.Scored, inserted, scored.ScoreSum);
        if (_tails is not null && _stream is not null)
        {
            _hostMetrics?.HoldsSessions(_stream.OpenContexts);
        }
        DetectionTelemetry.Counted(_host, scored.Scored, inserted);
        _hostMetrics?.SetAside(skipped, setAside);
        LogSetAside(skipped, scored.Failures, written.DeadLettered);
    }

    // Writes anomalies and hands them to the source's incidents before the checkpoint moves, so a failure replays the
    // batch; incidents count each anomaly once. Volume anomalies' inserts are counted until the progress that records
    // them is stored, even if handing them to incidents fails (a line's anomaly is counted by its batch instead).
    private async Task<SinkWriteResult> WriteAnomaliesAsync(IReadOnlyList<DetectedAnomaly> anomalies, bool volumeAnomalies, CancellationToken cancellationToken)
    {
        var written = await _services.Sink.WriteAsync(_host.Collection, _targetCollection, anomalies, cancellationToken);
        if (volumeAnomalies)
        {
            _insertedUncounted += written.Inserted;
        }

        var forIncidents = IncidentAnomalies.From(
            _host.Collection, anomalies, written.DeadLettered.Select(d => d.SourceId), _time.GetUtcNow().UtcDateTime);
        if (forIncidents.Count > 0)
        {
            await GrainFactory.GetGrain<ISourceIncidentsGrain>(_host.Collection).RecordAsync(forIncidents);
        }

        return written;
    }

    // Volume is counted from what was read, anomalous or not: a surge of ordinary lines is the point.
    private IEnumerable<DetectedAnomaly> CountVolume(IReadOnlyList<PolledRecord> records)
    {
        if (_volume is null)
        {
            return [];
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var findings = records.SelectMany(r => _volume.Observe(r.Time ?? now, r.Record.Message)).ToList();
        return VolumeAnomalies.From(_host, findings, _services.Shape, ModelVersionText, now);
    }

    // On the clock: intervals nothing arrived in close, and a silent host is noticed.
    private async Task AdvanceVolumeAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (_volume?.Advance(now) is not [_, ..] findings)
        {
            return;
        }

        var anomalies = VolumeAnomalies.From(_host, findings, _services.Shape, ModelVersionText, now);
        await WriteAnomaliesAsync(anomalies, volumeAnomalies: true, cancellationToken);
        _progress.State.Anomalies += _insertedUncounted;
        _insertedUncounted = 0;
        await _progress.WriteStateAsync(cancellationToken);
        foreach (var finding in findings)
        {
            LogVolumeFinding(_host, finding.Reason);
        }
    }

    private string ModelVersionText => _model.State.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void UseVolume(byte[]? profile)
    {
        _volume = null;
        if (profile is null)
        {
            return;
        }

        try
        {
            using var stream = new MemoryStream(profile, writable: false);
            // A profile counting by the model's templates is read with the model in use, trained with it.
            _volume = new VolumeMonitor(VolumeProfile.Load(stream, _detector as ITemplateMatcher));
        }
        catch (InvalidDataException e)
        {
            // Volume findings are an addition: without a readable profile the host detects lines until its next training.
            LogStoredStateUnreadable(_host, "volume profile", e.Message, "no volume anomalies until the next training");
        }
    }

    private void Use(IAnomalyModel model)
    {
        _detector = model;
        OpenStream();
    }

    // A new stream starts without context, so the sessions it knows start afresh too.
    private void OpenStream()
    {
        _stream = _detector?.OpenStream(new SuppressedValues(_suppressions, _time));
        _tails = _sessions is null ? null : new SessionTails(_sessions, SessionCapacity);
    }

    private ScoredBatch Score(IReadOnlyList<PolledRecord> records)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return BatchScorer.Score(
            _host.Collection,
            records,
            _stream!,
            (message, template) => _suppressions.Covers(message, template, now),
            ModelVersionText,
            now,
            _tails);
    }

    private void LogSetAside(IReadOnlyDictionary<SkipReason, int> skipped, IReadOnlyList<DeadLetter> failures, IReadOnlyList<DeadLetter> rejected)
    {
        foreach (var (reason, count) in skipped)
        {
            LogSkipped(_host, count, ReasonLabel.Of(reason.ToString()));
        }

        foreach (var letter in failures.Concat(rejected))
        {
            LogDeadLettered(_host, letter.SourceId.ToString()!, DeadLetterLabels.Of(letter.Reason), letter.Detail);
        }
    }
}
