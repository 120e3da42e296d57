using MongoDB.Bson;
using Lad.Grains.Mongo;
using Orleans.Runtime;

namespace Lad.Grains.Reminders;

/// <summary>The document of one reminder. The grain's uniform hash is stored as a number so ring ranges are index queries.</summary>
internal static class ReminderRow
{
    public const string Service = "service";
    public const string Grain = "grain";
    public const string Hash = "hash";
    public const string ETag = "etag";
    private const string Name = "name";
    private const string StartAt = "start";
    private const string Period = "period";

    // The service id and the reminder name may hold '/' themselves, so they are escaped and the id splits one way only
    // (the first '/' ends the service, the last starts the name). Ids of names and services without '/' or '%' are unchanged.
    public static string IdOf(string serviceId, GrainId grainId, string reminderName) =>
        $"{StoredKey.EscapeSeparator(serviceId)}/{grainId}/{StoredKey.EscapeSeparator(reminderName)}";

    public static BsonDocument Create(string serviceId, ReminderEntry entry, string etag) => new()
    {
        ["_id"] = IdOf(serviceId, entry.GrainId, entry.ReminderName),
        [Service] = serviceId,
        [Grain] = entry.GrainId.ToString(),
        [Hash] = (long)entry.GrainId.GetUniformHashCode(),
        [Name] = entry.ReminderName,
        [StartAt] = entry.StartAt.ToUniversalTime().Ticks,
        [Period] = entry.Period.Ticks,
        [ETag] = etag,
    };

    /// <summary>Reads a reminder back; a malformed document names its id instead of failing somewhere in Orleans.</summary>
    public static ReminderEntry Read(BsonDocument row)
    {
        try
        {
            return new ReminderEntry
            {
                GrainId = GrainId.Parse(row[Grain].AsString),
                ReminderName = row[Name].AsString,
                StartAt = new DateTime(row[StartAt].ToInt64(), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(row[Period].ToInt64()),
                ETag = row[ETag].AsString,
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Reminder row '{row.GetValue("_id", "?")}' is malformed: {e.Message}", e);
        }
    }
}
