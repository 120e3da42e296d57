using Lad.Engine.Incidents;
using Lad.Grains.Abstractions.Incidents;
using MongoDB.Bson;

namespace Lad.Grains.Incidents;

/// <summary>The layout of an incident in <c>MG_TARGET_DB.lad_incidents</c> (snake_case fields, <c>_id</c> the incident
/// id) and its translations.</summary>
public static class IncidentDocument
{
    /// <summary>The text of each state as stored and shown.</summary>
    public static string StateName(IncidentState state) => state switch
    {
        IncidentState.Open => "open",
        IncidentState.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    /// <summary>The stored form of <paramref name="incident"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="updatedAt">When it was written (UTC); retention counts from the last line, not from this.</param>
    public static BsonDocument Build(IncidentSnapshot incident, DateTime updatedAt) => new()
    {
        ["_id"] = incident.Id,
        ["source"] = incident.Source,
        ["signature"] = incident.Signature,
        ["template"] = incident.Template,
        ["representative"] = incident.Representative,
        ["reasons"] = new BsonArray(incident.Reasons),
        ["max_score"] = incident.MaxScore,
        ["hosts"] = new BsonArray(incident.Hosts),
        ["first_seen"] = new BsonDateTime(incident.FirstSeen),
        ["last_seen"] = new BsonDateTime(incident.LastSeen),
        ["count"] = incident.Count,
        ["samples"] = new BsonArray(incident.Samples.Select(s => new BsonDocument
        {
            ["anomaly_id"] = s.AnomalyId,
            ["host"] = s.Host,
            ["time"] = new BsonDateTime(s.Time),
            ["message"] = s.Message,
        })),
        ["state"] = StateName(incident.State),
        ["acknowledged_by"] = Text(incident.AcknowledgedBy),
        ["acknowledged_at"] = Time(incident.AcknowledgedAt),
        ["resolved_by"] = Text(incident.ResolvedBy),
        ["resolved_at"] = Time(incident.ResolvedAt),
        ["updated_at"] = new BsonDateTime(updatedAt),
    };

    /// <summary>Reads a stored incident back.</summary>
    /// <exception cref="FormatException">A field is missing or of the wrong type (named in the message).</exception>
    public static IncidentSnapshot Read(BsonDocument document)
    {
        try
        {
            return new IncidentSnapshot(
                document["_id"].AsString,
                document["source"].AsString,
                document["signature"].AsString,
                document["template"].AsString,
                document["representative"].AsString,
                [.. document["reasons"].AsBsonArray.Select(r => r.AsString)],
                document["max_score"].ToDouble(),
                [.. document["hosts"].AsBsonArray.Select(h => h.AsString)],
                document["first_seen"].ToUniversalTime(),
                document["last_seen"].ToUniversalTime(),
                document["count"].ToInt64(),
                [.. document["samples"].AsBsonArray.Select(s => s.AsBsonDocument).Select(s => new IncidentSample(
                    s["anomaly_id"].AsString, s["host"].AsString, s["time"].ToUniversalTime(), s["message"].AsString))],
                document["state"].AsString switch
                {
                    "open" => IncidentState.Open,
                    "acknowledged" => IncidentState.Acknowledged,
                    "resolved" => IncidentState.Resolved,
                    var other => throw new FormatException($"state: '{other}' is not open, acknowledged or resolved"),
                },
                OptionalText(document, "acknowledged_by"),
                OptionalTime(document, "acknowledged_at"),
                OptionalText(document, "resolved_by"),
                OptionalTime(document, "resolved_at"));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException)
        {
            throw new FormatException($"incident {document.GetValue("_id", "?")} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>What the console and the API show of <paramref name="incident"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="samples">Its samples, with context when details were asked for; null: the bare samples.</param>
    public static IncidentSummary Summary(IncidentSnapshot incident, IReadOnlyList<IncidentSampleLine>? samples = null) => new(
        incident.Id, incident.Source, incident.Hosts, StateName(incident.State), incident.FirstSeen, incident.LastSeen, incident.Count,
        incident.Template, incident.Representative, incident.Reasons, incident.MaxScore, incident.AcknowledgedBy, incident.AcknowledgedAt,
        incident.ResolvedBy, incident.ResolvedAt,
        samples ?? [.. incident.Samples.Select(s => new IncidentSampleLine(s.AnomalyId, s.Host, s.Time, s.Message, [], []))]);

    private static BsonValue Text(string? value) => value is null ? BsonNull.Value : value;

    private static BsonValue Time(DateTime? value) => value is { } time ? new BsonDateTime(time) : BsonNull.Value;

    private static string? OptionalText(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is { IsString: true } value ? value.AsString : null;

    private static DateTime? OptionalTime(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is { IsValidDateTime: true } value ? value.ToUniversalTime() : null;
}
