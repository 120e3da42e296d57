using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lad.Client.Cluster;

/// <summary>The <c>--json</c> output settings: snake_case names of the records' properties (stable for scripts), indented.</summary>
internal static class ScriptJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
