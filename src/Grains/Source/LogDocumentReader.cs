using Lad.Engine.Source;
using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>Turns one log document into a record, or names why it cannot be one.</summary>
internal sealed class LogDocumentReader(MongoDocumentShape shape)
{
    public SkipReason? TryRead(BsonDocument document, out ObjectId id, out DateTime time, out LogRecord? record)
    {
        record = null;
        time = default;
        id = default;
        if (!document.TryGetValue("_id", out var idValue) || !idValue.IsObjectId)
        {
            return SkipReason.IdNotObjectId;
        }

        id = idValue.AsObjectId;
        time = id.CreationTime;
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

        // Scoring does not need the time, so a document without a usable one keeps its ObjectId time
        // rather than being dropped.
        if (shape.TimeField is { } timeField && document.TryGetValue(timeField, out var timeValue) && timeValue.IsValidDateTime)
        {
            time = timeValue.ToUniversalTime();
        }

        record = new LogRecord(message.AsString, level, host.AsString);
        return null;
    }
}
