using Lad.Engine.Source;
using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>Turns one log document into a record, or names why it cannot be one.</summary>
internal sealed class LogDocumentReader(MongoDocumentShape shape)
{
    /// <summary>Reads <paramref name="document"/>, or names why it cannot be read.</summary>
    /// <param name="document">The document.</param>
    /// <param name="id">Its <c>_id</c>.</param>
    /// <param name="time">Its time: the time field, else the ObjectId's time, else <paramref name="placedAt"/>.</param>
    /// <param name="record">The record, when the document is usable.</param>
    /// <param name="placedAt">When something other than the id or time placed the document (a change stream delivered
    /// it): then an id that is no ObjectId and has no time is still read, at this time.</param>
    /// <returns>Null when <paramref name="record"/> was read; else why not.</returns>
    public SkipReason? TryRead(BsonDocument document, out BsonValue id, out DateTime time, out LogRecord? record, DateTime? placedAt = null)
    {
        record = null;
        time = default;
        id = BsonNull.Value;
        var dated = shape.TimeField is { } field && document.TryGetValue(field, out var timeValue) && timeValue.IsValidDateTime
            ? timeValue.ToUniversalTime()
            : (DateTime?)null;
        if (!document.TryGetValue("_id", out var idValue) || (!idValue.IsObjectId && (dated ??= placedAt) is null))
        {
            // Without an ObjectId, a time or a stream placing it there is no position to read the document at, nor to
            // remember it by.
            return SkipReason.IdNotObjectId;
        }

        id = idValue;
        // Scoring does not need the time, so a document without a usable one keeps its ObjectId time
        // rather than being dropped.
        time = dated ?? idValue.AsObjectId.CreationTime;
        if (!document.TryGetValue(shape.MessageField, out var message) || message.IsBsonNull)
        {
            return SkipReason.MissingMessage;
        }

        if (!message.IsString)
        {
            return SkipReason.MessageNotText;
        }

        if (message.AsString.Length > shape.MaxMessageLength)
        {
            return SkipReason.MessageTooLong;
        }

        var host = document.GetValue(shape.HostnameField, BsonNull.Value);
        if (!host.IsString)
        {
            return SkipReason.HostNotText;
        }

        string? level = null;
        if (shape.LevelField is { } levelField && document.TryGetValue(levelField, out var levelValue) && !levelValue.IsBsonNull)
        {
            // Shippers that split the syslog header store the severity as its number (rsyslog's syslog_sever).
            level = levelValue.IsString ? levelValue.AsString : SeverityNumber(levelValue) is { } number ? SyslogPriority.SeverityName(number) : null;
            if (level is null)
            {
                return SkipReason.LevelNotText;
            }
        }

        var text = message.AsString;
        if (shape.ProgramField is { } programField && document.TryGetValue(programField, out var program) && !program.IsBsonNull)
        {
            if (!program.IsString)
            {
                return SkipReason.ProgramNotText;
            }

            text = SyslogTag.Prefix(program.AsString, text);
        }

        // Without a level of its own, a whole syslog line stored as the message (the seed fork's documents) has the
        // severity of its opening priority.
        record = new LogRecord(text, level ?? SyslogPriority.LevelOf(text), host.AsString);
        return null;
    }

    // A whole number however the store typed it (BSON int32, int64 or double; MySQL integer columns read as int64).
    private static long? SeverityNumber(BsonValue value) => value.BsonType switch
    {
        BsonType.Int32 => value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Double when value.AsDouble is var d && d == Math.Floor(d) && Math.Abs(d) < 1e9 => (long)d,
        _ => null,
    };
}
