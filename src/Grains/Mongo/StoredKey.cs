namespace Lad.Grains.Mongo;

/// <summary>Builds document ids joined with '/' from parts that may themselves hold '/'.</summary>
internal static class StoredKey
{
    /// <summary>Escapes '%' and '/' (as %25 and %2F) and leaves everything else as it is, so a part without them keeps its old form.</summary>
    public static string EscapeSeparator(string part) =>
        part.Contains('/', StringComparison.Ordinal) || part.Contains('%', StringComparison.Ordinal)
            ? part.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal)
            : part;
}
