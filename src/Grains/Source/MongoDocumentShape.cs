using Lad.Grains.Abstractions.Configuration;

namespace Lad.Grains.Source;

/// <summary>Where a log document keeps the fields LAD reads.</summary>
/// <param name="MessageField">The message field.</param>
/// <param name="HostnameField">The host name field.</param>
/// <param name="LevelField">The severity field, or null when documents have none.</param>
/// <param name="TimeField">The date field, or null to use the <c>_id</c> ObjectId's creation time. It must hold BSON
/// dates: training selects its window with a date comparison, which never matches strings.</param>
/// <param name="MaxMessageLength">Messages longer than this many characters are skipped.</param>
/// <param name="ProgramField">The field holding the syslog tag split off the message, or null when messages keep theirs.</param>
public sealed record MongoDocumentShape(
    string MessageField, string HostnameField, string? LevelField, string? TimeField, int MaxMessageLength, string? ProgramField = null)
{
    /// <summary>The shape a configuration describes (<c>MG_*_FIELD</c>, <c>MG_MAX_MESSAGE_LENGTH</c>).</summary>
    public static MongoDocumentShape From(LadConfig config) =>
        new(config.MessageField, config.HostnameField, config.LevelField, config.TimeField, config.MaxMessageLength, config.ProgramField);
}
