namespace Lad.Grains.Source;

/// <summary>Why a log document was skipped instead of becoming a <see cref="Lad.Engine.Source.LogRecord"/>.</summary>
public enum SkipReason
{
    /// <summary>The message field is absent or null.</summary>
    MissingMessage,

    /// <summary>The message field holds something other than a string.</summary>
    MessageNotText,

    /// <summary>The message is longer than the configured cap.</summary>
    MessageTooLong,

    /// <summary>The host field holds something other than a string (e.g. an array that matched the host).</summary>
    HostNotText,

    /// <summary>The level field is configured and holds something other than a string or a syslog severity number (0 to 7).</summary>
    LevelNotText,

    /// <summary>The program field is configured and holds something other than a string.</summary>
    ProgramNotText,

    /// <summary>The <c>_id</c> is not an ObjectId and the document has no usable time (<c>MG_TIME_FIELD</c> unset, or
    /// not a date in it), so nothing places the document in the order polling reads.</summary>
    IdNotObjectId,

    /// <summary>A line of a JSON input file (<c>LS_INPUT_PATH</c>) that is not a JSON document.</summary>
    NotJson,

    /// <summary>A line of a host that has no model yet: it is part of the history that host's first training reads.</summary>
    AwaitingModel,

    /// <summary>The model threw on a line of <c>LS_INPUT_PATH</c> (the MongoDB daemon sets such documents aside as dead letters).</summary>
    ScoringFailed,
}
