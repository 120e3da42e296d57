using Lad.Engine.Source;
using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>Turns one log document into a record, or names why it cannot be one.</summary>
internal sealed class LogDocumentReader(MongoDocumentShape shape)
{
    public SkipReason? TryRead(BsonDocument document, out BsonValue id, out DateTime time, out LogRecord? record)
    {
        record = null;
        time = default;
        id = BsonNull.Value;
        var dated = shape.TimeField is { } field && document.TryGetValue(field, out var timeValue) && timeValue.IsValidDateTime
            ? timeValue.ToUniversalTime()
            : (DateTime?)null;
        if (!document.TryGetValue("_id", out var idValue) || (!idValue.IsObjectId && dated is null))
        {
            // Without an ObjectId or a time there is no position to read the document at, nor to remember it by.
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
            if (!levelValue.IsString)
            {
                return SkipReason.LevelNotText;
            }

            level = levelValue.AsString;
        }

        record = new LogRecord(message.AsString, level, host.AsString);
        return null;
    }
}
