using Lad.Grains.Abstractions.Detection;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

// The host detector's log messages, generated at compile time (no formatting unless the level is on).
internal sealed partial class HostDetectorGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Collection}/{Hostname} is not registered (lad sources list): not started")]
    private partial void LogNotRegistered(string collection, string hostname);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: volume anomaly: {Reason}")]
    private partial void LogVolumeFinding(HostKey host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: caught up by polling; tailing the change stream from cluster time {ClusterTime}")]
    private partial void LogStreamOpened(HostKey host, int clusterTime);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: {Problem}; catching up by polling with the {Lookback} s look-back (documents committed meanwhile with ids older than that may be missed), then opening a new change stream")]
    private partial void LogStreamLost(HostKey host, string problem, double lookback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MongoDB offers no change streams here ({Reason}): every host polls with the {Lookback} s look-back (POLL_LOOKBACK); set MG_CHANGE_STREAMS: false to say so and silence this")]
    private partial void LogStreamsUnavailable(string reason, double lookback);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: silo {Owner} owns this host now; moving there")]
    private partial void LogMovingToOwner(HostKey host, SiloAddress owner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: stored {State} state unreadable ({Problem}); replaced: {Action}")]
    private partial void LogStoredStateUnreadable(HostKey host, string state, string problem, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: training started (current model version {Version}, boundary {Boundary})")]
    private partial void LogTrainingStarted(HostKey host, int version, ObjectId boundary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: training for model version {Version} was cut short; redoing it to its stored boundary {Boundary}")]
    private partial void LogTrainingBoundaryReused(HostKey host, int version, ObjectId boundary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: stored reading position is unreadable (checkpoint '{Checkpoint}', window floor '{Floor}', {IdBytes} bytes of window ids); resuming from {Resume}")]
    private partial void LogUnreadablePosition(HostKey host, string checkpoint, string floor, int idBytes, ObjectId resume);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: {Count} more documents whose _id is not an ObjectId and that have no date in MG_TIME_FIELD (e.g. {Example}), {Total} in all; nothing places them in a reading order, so they are counted as skipped (IdNotObjectId), not scored (with MG_TIME_FIELD set, documents dated there are read by time)")]
    private partial void LogUnorderable(HostKey host, long count, long total, string example);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: more than {Capacity} lines in the look-back window; late documents older than {Floor:o} are no longer read")]
    private partial void LogWindowFull(HostKey host, int capacity, DateTime floor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: model version {Version} trained on {Lines} lines, threshold {Threshold:0.###}")]
    private partial void LogTrainingFinished(HostKey host, int version, int lines, double threshold);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: {Failure}")]
    private partial void LogTrainingFailed(HostKey host, string failure, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: cannot train yet: {Problem}; retry {Failures} in {Pause:0.#} s")]
    private partial void LogNoHistory(HostKey host, string problem, int failures, double pause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: {Failure}")]
    private partial void LogPollFailed(HostKey host, string failure, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Host {Host}: step cut short by the silo's stop ({Error}); its batch is read again after the restart")]
    private partial void LogStepCutByStop(HostKey host, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: stored state changed under this activation ({Problem}); reloading it")]
    private partial void LogStaleState(HostKey host, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: skipped {Count} unusable document(s): {Reason}")]
    private partial void LogSkipped(HostKey host, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: document {SourceId} set aside in lad_dead_letters ({Reason}: {Detail}); going on")]
    private partial void LogDeadLettered(HostKey host, string sourceId, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: polling resumed after {Failures} failure(s)")]
    private partial void LogResumed(HostKey host, int failures);
}
