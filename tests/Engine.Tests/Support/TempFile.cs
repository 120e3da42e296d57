using System.IO.Compression;
using System.Text;

namespace Lad.Engine.Tests.Support;

/// <summary>A file in the temp folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private TempFile(string path) => Path = path;

    public string Path { get; }

    public static TempFile WithText(string text, string extension = ".log")
    {
        var file = new TempFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lad-test-{Guid.NewGuid():N}{extension}"));
        File.WriteAllText(file.Path, text, new UTF8Encoding(false));
        return file;
    }

    public static TempFile Gzipped(string text)
    {
        var file = new TempFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lad-test-{Guid.NewGuid():N}.log.gz"));
        using var stream = File.Create(file.Path);
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return file;
    }

    public void Dispose() => File.Delete(Path);
}
