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

    /// <summary>The level field is configured and holds something other than a string.</summary>
    LevelNotText,

    /// <summary>The <c>_id</c> is not an ObjectId and the document has no usable time (<c>MG_TIME_FIELD</c> unset, or
    /// not a date in it), so nothing places the document in the order polling reads.</summary>
    IdNotObjectId,
}
