using Lad.Engine.Source;
using Lad.Engine.Source.Files;

namespace Lad.Engine.Tests.Source.Files;

public sealed class JsonArrayFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lad-jsonarray-").FullName;

    private string Export => Path.Combine(_directory, "export.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EachDocumentIsALineNumberedWhereItStartsAndTheExportIsReadOnce()
    {
        File.WriteAllText(Export, "[\n  {\"message\": \"a\"},\n  {\"message\": \"b\",\n   \"hostname\": \"h\"},\n  {\"message\": \"c\"}\n]\n");
        using var file = new JsonArrayFile(Export, FilePosition.Start);

        var first = file.Read(2);
        var rest = file.Read(10);
        var again = file.Read(10);

        Assert.Equal(["{\"message\": \"a\"}", "{\"message\": \"b\",\n   \"hostname\": \"h\"}"], first.Lines.Select(l => l.Text));
        Assert.Equal([2L, 3L], first.Lines.Select(l => l.Number));
        Assert.Equal(["{\"message\": \"c\"}"], rest.Lines.Select(l => l.Text));
        Assert.Equal(5, rest.Lines[0].Number);
        Assert.Empty(again.Lines);
    }

    [Fact]
    public void AStoredPositionGoesOnAfterTheLastDocumentHandled()
    {
        File.WriteAllText(Export, """[{"m": 1}, {"m": 2}, {"m": 3}]""");
        FilePosition stored;
        using (var file = new JsonArrayFile(Export, FilePosition.Start))
        {
            stored = file.Read(1).Position;
        }

        using var resumed = new JsonArrayFile(Export, stored);

        Assert.Equal(["{\"m\": 2}", "{\"m\": 3}"], resumed.Read(10).Lines.Select(l => l.Text));
    }

    [Fact]
    public void AFileThatIsNotJsonIsNamedWithTheLineOfTheError()
    {
        File.WriteAllText(Export, "[\n{\"message\": \"a\"},\n{\"message\": oops}\n]");
        using var file = new JsonArrayFile(Export, FilePosition.Start);

        var error = Assert.Throws<LogInputFormatException>(() => file.Read(10));

        Assert.Equal((Export, 3L), (error.Path, error.LineNumber));
        Assert.StartsWith($"{Export}, line 3: not JSON (", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"message\": \"a\"}", 1L, "expected a JSON array of documents")]
    [InlineData("[\n{\"message\": \"a\"},\n42\n]", 3L, "document 2 of the array is not a JSON object")]
    public void AFileThatIsNotAnArrayOfDocumentsIsNamedWithItsLine(string text, long line, string problem)
    {
        File.WriteAllText(Export, text);
        using var file = new JsonArrayFile(Export, FilePosition.Start);

        var error = Assert.Throws<LogInputFormatException>(() => file.Read(10));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
