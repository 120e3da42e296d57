using Lad.Engine.Model;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Metrics;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using Lad.Grains.Placement;
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
internal sealed partial class HostDetectorGrain : Grain, IHostDetectorGrain, IRemindable, IGrainMigrationParticipant
{
    private const string KeepAliveReminder = "keep-alive";
    private const string RunningKey = "running";

    private readonly IPersistentState<ModelState> _model;
    private readonly IPersistentState<ProgressState> _progress;
    private readonly DetectorServices _services;
    private readonly TrainingGate _gate;
    private readonly DetectorTimings _timings;
    private readonly TimeProvider _time;
    private readonly ILogger<HostDetectorGrain> _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Suppressions _suppressions = new();
    private readonly LadMetrics _metrics;
    private readonly ClusterOwnership _ownership;
    private HostMetrics? _hostMetrics;
    private SiloAddress? _announcedOwner;

    // As many sessions as the default model's stream remembers.
    private const int SessionCapacity = 100_000;

    private HostKey _host;
    private string _targetCollection = "";
    private SessionKeyPattern? _sessions;
    private SessionTails _tails = new(SessionCapacity);
    private IAnomalyModel? _detector;

    /// <summary>
    /// The detector's stream over this host's lines, so each line is judged in the context of the lines before it, as
    /// <c>lad eval</c> measures. It lives as long as the activation and the model; a new one starts without context.
    /// </summary>
    private ILogStreamScorer? _stream;
    private IGrainTimer? _timer;
    private Task<TrainedModel>? _training;
    private DateTime _nextTrainingAttempt = DateTime.MinValue;
    private DateTime _resumeAt = DateTime.MinValue;
    private int _failures;
    private int _trainingFailures;
    private string? _pollFailure;
    private string? _trainingFailure;
    private DateTime? _lastPoll;
    private bool _keepAliveRegistered;
    private bool _resumeAfterMigration;

    public HostDetectorGrain(
        [PersistentState("model", DetectorStorage.ProviderName)] IPersistentState<ModelState> model,
        [PersistentState("progress", DetectorStorage.ProviderName)] IPersistentState<ProgressState> progress,
        DetectorServices services,
        TrainingGate gate,
        IOptions<DetectorTimings> timings,
        TimeProvider time,
        LadMetrics metrics,
        ClusterOwnership ownership,
        ILogger<HostDetectorGrain> logger)
    {
        _metrics = metrics;
        _ownership = ownership;
        _model = model;
        _progress = progress;
        _services = services;
        _gate = gate;
        _timings = timings.Value;
        _time = time;
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _host = HostKey.Parse(this.GetPrimaryKeyString());
        _hostMetrics = _metrics.For(_host);
        var source = await _services.SourceOfAsync(_host.Collection, cancellationToken);
        _targetCollection = source.TargetCollection;
        _sessions = source.SessionRegex is { } pattern && SessionKeyPattern.TryCreate(pattern, out var sessions, out _) ? sessions : null;
        _suppressions.AddRange(await _services.Feedback.FalsePositivesAsync(_host, _time.GetUtcNow().UtcDateTime, cancellationToken));
        LoadStoredModel();
        if (_resumeAfterMigration)
        {
            await StartAsync();
        }
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
        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
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
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == KeepAliveReminder ? StartAsync() : Task.CompletedTask;

    public Task<HostStatus> GetStatusAsync()
    {
        var model = _model.State;
        var progress = _progress.State;
        var phase = _timer is null ? DetectorPhase.Idle
            : _pollFailure is not null || (_detector is null && _trainingFailure is not null) ? DetectorPhase.Failed
            : _detector is null ? DetectorPhase.Training
            : DetectorPhase.Detecting;
        return Task.FromResult(new HostStatus(
            _host,
            phase,
            _pollFailure ?? _trainingFailure,
            model.Version,
            model.Trainings,
            model.TrainedAt,
            model.LinesTrainedOn,
            model.Templates,
            _detector?.Threshold,
            _detector is not null && _training is not null,
            progress.LinesScored,
            progress.Anomalies,
            _lastPoll,
            progress.Checkpoint,
            new Dictionary<string, long>(progress.Skipped)));
    }

    public Task RetrainAsync()
    {
        StartTraining();

        // The finished training is swapped in by the timer, so a stopped detector is started to receive it.
        return StartAsync();
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
        this.DeactivateOnIdle();
    }

    public Task<string?> TemplateOfAsync(string message) =>
        Task.FromResult(_detector?.Score(new LogRecord(message, null, _host.Hostname)).Explanation.Template);

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

            if (MoveToOwner())
            {
                return;
            }

            if (_training is null && now >= _nextTrainingAttempt && (_detector is null || RetrainDue(now)))
            {
                StartTraining();
            }

            if (_detector is null || now < _resumeAt)
            {
                return;
            }

            await DetectAsync(cancellation);
            if (_failures > 0)
            {
                LogResumed(_host, _failures);
            }

            _failures = 0;
            _pollFailure = null;
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
            await _progress.ReadStateAsync(cancellation);
            await _model.ReadStateAsync(cancellation);
            LoadStoredModel();
        }
        catch (Exception e)
        {
            // The failed batch is polled and scored again from the checkpoint; a fresh stream keeps its lines from
            // being judged after themselves (context is only lost for the first replayed line).
            OpenStream();
            _failures++;
            var pause = _timings.Backoff(_failures);
            _resumeAt = now + pause;
            _pollFailure = $"poll failed ({e.GetType().Name}: {e.Message}); retry {_failures} in {pause.TotalSeconds:0.#} s";
            LogPollFailed(_host, _failures, pause, e);
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
            _hostMetrics?.ModelInUse(_detector!.Threshold, trained: false);
        }
        catch (ModelFormatException e)
        {
            // An unreadable stored model is replaced by a fresh training rather than blocking the host.
            LogStoredModelUnreadable(_host, e.Message);
        }
    }

    private bool RetrainDue(DateTime now) =>
        (_model.State.TrainedAt is { } trainedAt && now - trainedAt >= _timings.RetrainInterval)
        || !string.Equals(_detector?.Kind, _services.Options.ModelKind, StringComparison.OrdinalIgnoreCase);

    private void StartTraining()
    {
        if (_training is not null)
        {
            return;
        }

        // Copies only: the training runs on the thread pool and must not touch grain fields.
        var services = _services;
        var gate = _gate;
        var host = _host;
        var now = _time.GetUtcNow().UtcDateTime;
        var sessions = _sessions;
        var token = _lifetime.Token;
        LogTrainingStarted(host, _model.State.Version);
        _training = Task.Run(() => HostTrainer.TrainAsync(services, gate, host, sessions, now, token), token);
    }

    private async Task CompleteTrainingAsync(DateTime now)
    {
        var training = _training!;
        _training = null;
        if (!training.IsCompletedSuccessfully)
        {
            var error = training.Exception?.GetBaseException();
            // Counted apart from poll failures: polls that succeed meanwhile must not reset the training backoff.
            _trainingFailures++;
            var pause = _timings.Backoff(_trainingFailures);
            _nextTrainingAttempt = now + pause;
            _trainingFailure = $"training failed ({error?.Message ?? "cancelled"}); retry in {pause.TotalSeconds:0.#} s";
            if (error is EmptyHistoryException)
            {
                LogNoHistory(_host, error.Message, pause);
            }
            else
            {
                LogTrainingFailed(_host, pause, error);
            }

            return;
        }

        var trained = training.Result;
        var state = _model.State;
        state.Model = trained.Bytes;
        state.Version++;
        state.Trainings++;
        state.TrainedAt = trained.StartedAt;
        state.LinesTrainedOn = trained.Lines;
        state.Templates = trained.Templates;
        if (state.TrainedThrough.Length == 0 && trained.NewestId is { } newest)
        {
            state.TrainedThrough = newest.ToString();
        }

        await _model.WriteStateAsync();
        Use(trained.Model);
        _hostMetrics?.ModelInUse(trained.Model.Threshold, trained: true);
        _trainingFailure = null;
        _trainingFailures = 0;
        LogTrainingFinished(_host, state.Version, trained.Lines, trained.Model.Threshold);
    }

    private async Task DetectAsync(CancellationToken cancellationToken)
    {
        var batchSize = _services.Config.PollBatchSize;
        for (var i = 0; i < _timings.MaxBatchesPerTick; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var checkpoint = CurrentCheckpoint();
            var batch = await _services.Source.PollAsync(_host.Collection, _host.Hostname, checkpoint, batchSize, cancellationToken);
            _lastPoll = _time.GetUtcNow().UtcDateTime;
            if (batch.DocumentsRead == 0)
            {
                return;
            }

            var (anomalies, scoreSum) = Score(batch);
            var written = await _services.Sink.WriteAsync(_host.Collection, _targetCollection, anomalies, cancellationToken);

            var progress = _progress.State;
            progress.Checkpoint = batch.Checkpoint.ToString();
            progress.LinesScored += batch.Records.Count;
            progress.Anomalies += written.Inserted;
            foreach (var (reason, count) in batch.Skipped)
            {
                progress.Skipped[reason.ToString()] = progress.Skipped.GetValueOrDefault(reason.ToString()) + count;
            }

            await _progress.WriteStateAsync(cancellationToken);
            _hostMetrics?.BatchScored(batch.Records.Count, written.Inserted, scoreSum);
            if (batch.DocumentsRead < batchSize)
            {
                return;
            }
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
        _stream = _detector?.OpenStream();
        _tails = new SessionTails(SessionCapacity);
    }

    private (List<DetectedAnomaly> Anomalies, double ScoreSum) Score(PollBatch batch)
    {
        var stream = _stream!;
        var version = _model.State.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = _time.GetUtcNow().UtcDateTime;
        var anomalies = new List<DetectedAnomaly>();
        var scoreSum = 0.0;
        foreach (var read in batch.Records)
        {
            var polled = _sessions is null ? read : read with { Record = _sessions.Assign(read.Record) };
            var verdict = stream.Score(polled.Record);
            _tails.Saw(polled);
            scoreSum += verdict.Score;
            if (verdict.IsAnomaly && !_suppressions.Covers(polled.Record.Message, verdict.Explanation.Template, now))
            {
                anomalies.Add(new DetectedAnomaly(polled, verdict, version, now));
            }
        }

        // Sessions silent long enough (counted in this host's lines) are judged by how they ended, reported at their last line.
        foreach (var (last, ending) in _tails.Anomalous(stream.CloseIdle()))
        {
            if (!_suppressions.Covers(last.Record.Message, ending.Verdict.Explanation.Template, now))
            {
                anomalies.Add(new DetectedAnomaly(last, ending.Verdict, version, now, EndedSession: ending.Session));
            }
        }

        return (anomalies, scoreSum);
    }

    private ObjectId CurrentCheckpoint()
    {
        var stored = _progress.State.Checkpoint.Length > 0 ? _progress.State.Checkpoint : _model.State.TrainedThrough;
        return stored.Length > 0 ? ObjectId.Parse(stored) : ObjectId.Empty;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: silo {Owner} owns this host now; moving there")]
    private partial void LogMovingToOwner(HostKey host, SiloAddress owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: stored model unreadable ({Problem}); retraining")]
    private partial void LogStoredModelUnreadable(HostKey host, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: training started (current model version {Version})")]
    private partial void LogTrainingStarted(HostKey host, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: model version {Version} trained on {Lines} lines, threshold {Threshold}")]
    private partial void LogTrainingFinished(HostKey host, int version, int lines, double threshold);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: training failed; retrying in {Pause}")]
    private partial void LogTrainingFailed(HostKey host, TimeSpan pause, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: cannot train yet: {Problem}; retrying in {Pause}")]
    private partial void LogNoHistory(HostKey host, string problem, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: poll failed ({Failures} in a row); retrying in {Pause}")]
    private partial void LogPollFailed(HostKey host, int failures, TimeSpan pause, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: stored state changed under this activation ({Problem}); reloading it")]
    private partial void LogStaleState(HostKey host, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: polling resumed after {Failures} failure(s)")]
    private partial void LogResumed(HostKey host, int failures);
}
