using System.Text.Json;
using Lad.Grains.Abstractions;

namespace Lad.Silo.Web;

/// <summary>Refuses a JSON request body that holds a field its endpoint does not read.</summary>
/// <remarks>A field the API does not know was ignored, so a misspelt one changed the request without a word: feedback
/// with <c>"expires": "7d"</c> for <c>"expires_in"</c> became a false positive that never expires, and <c>"scop":
/// "template"</c> one that covers a single line.</remarks>
internal static class RequestFields
{
    /// <summary>Throws when <paramref name="body"/> (an object) has a field not among <paramref name="fields"/>.</summary>
    /// <exception cref="LadRequestException">It has one, named with the fields the endpoint reads.</exception>
    public static void OnlyKnown(JsonElement body, IReadOnlyList<string> fields)
    {
        var unknown = body.EnumerateObject().Select(p => p.Name).Where(name => !fields.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new LadRequestException($"{string.Join(", ", unknown)}: not a field of this request (it reads {string.Join(", ", fields)})");
        }
    }
}
