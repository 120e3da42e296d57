using System.Text;
using MongoDB.Bson;

namespace Lad.Grains.Sink;

/// <summary>Copies a source document's fields under names MongoDB stores whatever the originals were.</summary>
/// <remarks>Source documents are written by other programs and may hold names the driver refuses to send (a leading
/// <c>$</c>, a <c>.</c>, a NUL). Such characters are percent-encoded at every depth: <c>$price</c> becomes
/// <c>%24price</c>, <c>a.b</c> becomes <c>a%2Eb</c>. <c>%</c> itself is always encoded (<c>%25</c>), so any URL
/// decoder gives back the original name exactly; names without these characters are kept as they are.</remarks>
public static class StorableFieldNames
{
    /// <summary>The name under which <paramref name="name"/> is stored.</summary>
    /// <param name="name">A field name as the source document has it.</param>
    public static string Escape(string name)
    {
        if (!NeedsEscaping(name))
        {
            return name;
        }

        var escaped = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            escaped.Append(c switch
            {
                '%' => "%25",
                '.' => "%2E",
                '\0' => "%00",
                '$' when i == 0 => "%24",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>A copy of <paramref name="value"/> whose sub-documents (also inside arrays) have storable names.</summary>
    /// <param name="value">A field value of a source document.</param>
    public static BsonValue EscapeValue(BsonValue value) => value switch
    {
        BsonDocument document => EscapeDocument(document),
        BsonArray array => new BsonArray(array.Select(EscapeValue)),
        _ => value,
    };

    private static BsonDocument EscapeDocument(BsonDocument document)
    {
        var copy = new BsonDocument(allowDuplicateNames: true);
        foreach (var element in document)
        {
            copy.Add(Escape(element.Name), EscapeValue(element.Value));
        }

        return copy;
    }

    private static bool NeedsEscaping(string name) =>
        (name.Length > 0 && name[0] == '$') || name.AsSpan().IndexOfAny('.', '%', '\0') >= 0;
}
