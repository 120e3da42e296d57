using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Lad.Grains.Source;

/// <summary>The text that names a source document's <c>_id</c> in anomaly ids, dead letters and reading positions.</summary>
/// <remarks>An ObjectId is its 24 hex digits, as it always was. Any other <c>_id</c> is its relaxed extended JSON
/// (<c>"abc"</c> with its quotes, <c>42</c>), so the string <c>"42"</c> and the number 42 never share a name, while
/// the numeric types MongoDB itself treats as one <c>_id</c> (42 and 42L) do.</remarks>
public static class SourceIds
{
    private static readonly JsonWriterSettings Relaxed = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    /// <summary>The text for <paramref name="id"/>.</summary>
    /// <param name="id">A document's <c>_id</c>.</param>
    public static string Text(BsonValue id) => id.IsObjectId ? id.AsObjectId.ToString() : id.ToJson(Relaxed);
}
