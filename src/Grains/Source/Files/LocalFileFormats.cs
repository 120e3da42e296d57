using Lad.Engine.Source.Files;

namespace Lad.Grains.Source.Files;

/// <summary>Tells the <see cref="LocalFileFormat"/> of a file by its name (and, for <c>.json</c>, by whether it opens an
/// array), and opens the matching reader.</summary>
public static class LocalFileFormats
{
    /// <summary>The format of <paramref name="path"/>.</summary>
    public static LocalFileFormat Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => OpensArray(path) ? LocalFileFormat.JsonArray : LocalFileFormat.JsonDocuments,
        ".jsonl" or ".ndjson" => LocalFileFormat.JsonDocuments,
        _ => LocalFileFormat.LogLines,
    };

    /// <summary>The reader of <paramref name="path"/> in <paramref name="format"/>, going on from <paramref name="position"/>.</summary>
    public static ILineSource Open(string path, LocalFileFormat format, FilePosition position) =>
        format == LocalFileFormat.JsonArray ? new JsonArrayFile(path, position) : new LogFileTailer(path, position);

    private static bool OpensArray(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int b;
            while ((b = file.ReadByte()) >= 0 && (char.IsWhiteSpace((char)b) || b is 0xEF or 0xBB or 0xBF))
            {
            }

            return b == '[';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
