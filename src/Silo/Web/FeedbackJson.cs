using System.Text.Json;
using Lad.Grains.Abstractions;
using Lad.Grains.Abstractions.Feedback;

namespace Lad.Silo.Web;

/// <summary>The HTTP API's JSON shape of feedback (snake_case field names, kept stable for scripts).</summary>
internal static class FeedbackJson
{
    private static readonly string[] Fields =
        ["lad_id", "is_anomaly", "message", "source", "host", "scope", "parameter", "user", "note", "expires_in"];

    /// <summary>Reads <c>{lad_id, is_anomaly, message}</c> plus the optional <c>source</c>, <c>host</c>, <c>scope</c>
    /// (<c>line</c>, <c>template</c> or <c>value</c>), <c>parameter</c> (value scope), <c>user</c>, <c>note</c> and
    /// <c>expires_in</c> (<c>7d</c>, <c>12h</c>, ...).</summary>
    /// <param name="root">The body.</param>
    /// <param name="by">The authenticated token's name, recorded as who gave it.</param>
    /// <param name="from">The client's address, recorded as where it came from.</param>
    /// <exception cref="LadRequestException">A field is missing or of the wrong type.</exception>
    public static FeedbackRequest Read(JsonElement root, string by, string from)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new LadRequestException($"body: expected a JSON object, got {root.ValueKind}");
        }

        RequestFields.OnlyKnown(root, Fields);

        if (!root.TryGetProperty("is_anomaly", out var isAnomaly) || isAnomaly.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new LadRequestException("is_anomaly: required, true (a real anomaly) or false (a false positive)");
        }

        var scope = Text(root, "scope") ?? "line";
        return new FeedbackRequest(
            Text(root, "lad_id"),
            Text(root, "message"),
            Text(root, "source"),
            Text(root, "host"),
            isAnomaly.GetBoolean() ? FeedbackVerdict.TruePositive : FeedbackVerdict.FalsePositive,
            FeedbackScopeText.Parse(scope, "scope"),
            Text(root, "user") ?? "http",
            Text(root, "note"),
            Text(root, "expires_in") is { } expiresIn ? ExpiryText.Parse(expiresIn, "expires_in") : null,
            by,
            from,
            Whole(root, "parameter"));
    }

    public static Dictionary<string, object?> Write(FeedbackRecord record) => new()
    {
        ["id"] = record.Id,
        ["lad_id"] = record.AnomalyId,
        ["is_anomaly"] = record.Verdict == FeedbackVerdict.TruePositive,
        ["message"] = record.Message,
        ["template"] = record.Template,
        ["source"] = record.Host.Collection,
        ["host"] = record.Host.Hostname,
        ["scope"] = FeedbackScopeText.Name(record.Scope),
        ["parameter"] = record.Parameter,
        ["value"] = record.Value,
        ["user"] = record.User,
        ["at"] = record.At,
        ["note"] = record.Note,
        ["expires_at"] = record.ExpiresAt,
        ["by"] = record.By,
        ["from"] = record.From,
        ["undone_at"] = record.UndoneAt,
        ["undone_by"] = record.UndoneBy,
    };

    private static int? Whole(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new LadRequestException($"{name}: expected a whole number, got {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind)}");

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new LadRequestException($"{name}: expected a string, got {value.ValueKind}");
}
