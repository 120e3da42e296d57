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

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: silo {Owner} owns this host now; moving there")]
    private partial void LogMovingToOwner(HostKey host, SiloAddress owner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host}: stored {State} state unreadable ({Problem}); replaced: {Action}")]
    private partial void LogStoredStateUnreadable(HostKey host, string state, string problem, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: training started (current model version {Version}, boundary {Boundary})")]
    private partial void LogTrainingStarted(HostKey host, int version, ObjectId boundary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: training for model version {Version} was cut short; redoing it to its stored boundary {Boundary}")]
    private partial void LogTrainingBoundaryReused(HostKey host, int version, ObjectId boundary);

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
