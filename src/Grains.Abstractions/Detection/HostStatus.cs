namespace Lad.Grains.Abstractions.Detection;

/// <summary>A snapshot of one host detector.</summary>
/// <param name="Host">The host.</param>
/// <param name="Phase">What the detector is doing.</param>
/// <param name="Reason">Why it failed: the last poll failure, else the last training failure (a failed retraining
/// leaves the phase <see cref="DetectorPhase.Detecting"/> with the old model), else how unreadable stored state was
/// replaced at activation (until the next training succeeds); null when all is well.</param>
/// <param name="ModelVersion">Bumped by every completed training; 0 before the first.</param>
/// <param name="Trainings">How many trainings completed over the host's whole life (survives restarts).</param>
/// <param name="TrainedAt">When the current model's training started reading (UTC); null before the first.</param>
/// <param name="LinesTrainedOn">Lines the current model was trained on.</param>
/// <param name="Templates">Distinct log templates mined from the current model's training lines.</param>
/// <param name="Threshold">The current model's threshold; null before the first training.</param>
/// <param name="RetrainRunning">A retraining is running in the background while detection goes on.</param>
/// <param name="LinesScored">Lines scored since the host was first started.</param>
/// <param name="Anomalies">Anomalies written since the host was first started (each source document once).</param>
/// <param name="LastPoll">When the last successful poll finished (UTC); null before the first.</param>
/// <param name="Checkpoint">The <c>_id</c> of the last document handled (hex), or empty before any.</param>
/// <param name="SkippedDocuments">Polled documents skipped as unusable, per reason.</param>
/// <param name="DeadLetters">Documents set aside in <c>lad_dead_letters</c> (could not be scored or written), per reason.</param>
/// <param name="AlarmsPer10k">Alarms per 10,000 lines the current threshold gave on held-out history (what ALARM_BUDGET
/// bought); null before the first training or for a model whose threshold is not calibrated that way.</param>
/// <param name="Reading">How new documents are read: <c>change stream</c>, or <c>polling</c> (with the look-back).</param>
/// <param name="RoutineThreshold">The current model's threshold for lines of routine templates (below
/// <paramref name="Threshold"/> where the model calibrates them apart); null before the first training.</param>
/// <param name="SessionsHeld">For a source with <c>SESSION_REGEX</c>: the sessions the detector holds (with its own
/// stream for lines without a key), what its memory grows with; null for a host keying none or before its first
/// model.</param>
[GenerateSerializer, Immutable]
public sealed record HostStatus(
    HostKey Host,
    DetectorPhase Phase,
    string? Reason,
    int ModelVersion,
    int Trainings,
    DateTime? TrainedAt,
    long LinesTrainedOn,
    int Templates,
    double? Threshold,
    bool RetrainRunning,
    long LinesScored,
    long Anomalies,
    DateTime? LastPoll,
    string Checkpoint,
    IReadOnlyDictionary<string, long> SkippedDocuments,
    IReadOnlyDictionary<string, long> DeadLetters,
    double? AlarmsPer10k = null,
    string Reading = "polling",
    double? RoutineThreshold = null,
    int? SessionsHeld = null);
