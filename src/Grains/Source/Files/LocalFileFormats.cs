namespace Lad.Grains.Source.Files;

/// <summary>Tells the <see cref="LocalFileFormat"/> of a file by its name.</summary>
public static class LocalFileFormats
{
    /// <summary>The format of <paramref name="path"/>.</summary>
    public static LocalFileFormat Of(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".json" or ".jsonl" or ".ndjson" ? LocalFileFormat.JsonDocuments : LocalFileFormat.LogLines;
}
