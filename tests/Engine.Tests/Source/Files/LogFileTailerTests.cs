using Lad.Engine.Source.Files;

namespace Lad.Engine.Tests.Source.Files;

public sealed class LogFileTailerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lad-tailer-").FullName;

    private string Log => Path.Combine(_directory, "app.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadsCompleteLinesOnlyAndTheRestOnceItsLineEnds()
    {
        File.WriteAllText(Log, "one\r\ntwo\nthr");
        using var tailer = new LogFileTailer(Log, FilePosition.Start);

        var first = tailer.Read(100);
        File.AppendAllText(Log, "ee\nfour");
        var second = tailer.Read(100);

        Assert.Equal(["one", "two"], first.Lines.Select(l => l.Text));
        Assert.Equal([0L, 5L], first.Lines.Select(l => l.Offset));
        Assert.Equal(9, first.Position.Offset);
        Assert.Equal(["three"], second.Lines.Select(l => l.Text));
        Assert.Equal(3, second.Lines[0].Number);
        Assert.Equal(15, second.Position.Offset);
        Assert.Equal(TailChange.None, second.Change);
    }

    [Fact]
    public void StopsAtTheBatchSizeAndGoesOnWhereItStopped()
    {
        File.WriteAllLines(Log, Enumerable.Range(1, 10).Select(i => $"line {i}"));
        using var tailer = new LogFileTailer(Log, FilePosition.Start);

        var batches = new[] { tailer.Read(4), tailer.Read(4), tailer.Read(4), tailer.Read(4) };

        Assert.Equal([4, 4, 2, 0], batches.Select(b => b.Lines.Count));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"line {i}"), batches.SelectMany(b => b.Lines).Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), batches.SelectMany(b => b.Lines).Select(l => l.Number));
    }

    [Fact]
    public void AStoredPositionResumesAfterTheLastLineHandledInANewTailer()
    {
        File.WriteAllLines(Log, ["a", "b", "c"]);
        FilePosition stored;
        using (var tailer = new LogFileTailer(Log, FilePosition.Start))
        {
            stored = tailer.Read(2).Position;
        }

        File.AppendAllLines(Log, ["d"]);
        using var resumed = new LogFileTailer(Log, stored);
        var read = resumed.Read(100);

        Assert.Equal(["c", "d"], read.Lines.Select(l => l.Text));
        Assert.Equal([3L, 4L], read.Lines.Select(l => l.Number));
        Assert.Equal(TailChange.None, read.Change);
    }

    [Fact]
    public void ARenameRotationFinishesTheOldFileThenReadsTheNewOneFromItsStart()
    {
        File.WriteAllLines(Log, ["old 1", "old 2"]);
        using var tailer = new LogFileTailer(Log, FilePosition.Start);
        var before = tailer.Read(100);

        // The writer still appends to the renamed file before it reopens the path.
        File.Move(Log, Log + ".1");
        File.AppendAllLines(Log + ".1", ["old 3"]);
        File.WriteAllLines(Log, ["new 1", "new 2"]);
        var finish = tailer.Read(100);
        var next = tailer.Read(100);

        Assert.Equal(["old 1", "old 2"], before.Lines.Select(l => l.Text));
        Assert.Equal(["old 3"], finish.Lines.Select(l => l.Text));
        Assert.Equal(TailChange.None, finish.Change);
        Assert.Equal(["new 1", "new 2"], next.Lines.Select(l => l.Text));
        Assert.Equal(TailChange.Replaced, next.Change);
        Assert.Equal([1L, 2L], next.Lines.Select(l => l.Number));
        Assert.NotEqual(before.Lines[0].File, next.Lines[0].File);
    }

    [Fact]
    public void ARestartAfterARotationFinishesTheRotatedFileFoundAtPathDot1First()
    {
        File.WriteAllLines(Log, ["old 1", "old 2"]);
        FilePosition stored;
        using (var tailer = new LogFileTailer(Log, FilePosition.Start))
        {
            stored = tailer.Read(1).Position;
        }

        File.Move(Log, Log + ".1");
        File.WriteAllLines(Log, ["new 1"]);
        using var resumed = new LogFileTailer(Log, stored);
        var rest = resumed.Read(100);
        var next = resumed.Read(100);

        Assert.Equal(["old 2"], rest.Lines.Select(l => l.Text));
        Assert.Equal(["new 1"], next.Lines.Select(l => l.Text));
        Assert.Equal(TailChange.Replaced, next.Change);
    }

    [Fact]
    public void ATruncatedFileIsReadAgainFromItsStart()
    {
        File.WriteAllLines(Log, ["first line of a long day", "b", "c"]);
        using var tailer = new LogFileTailer(Log, FilePosition.Start);
        tailer.Read(100);

        // Copy-and-truncate rotation, then the writer goes on at the start.
        using (var file = new FileStream(Log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(0);
        }

        File.AppendAllLines(Log, ["after"]);
        var read = tailer.Read(100);

        Assert.Equal(["after"], read.Lines.Select(l => l.Text));
        Assert.Equal(TailChange.Truncated, read.Change);
        Assert.Equal(1, read.Lines[0].Number);
    }

    [Fact]
    public void AFileTruncatedAndWrittenPastTheOldPositionIsStillSeenAsNew()
    {
        File.WriteAllLines(Log, ["2026-11-24T10:00:00Z a", "b"]);
        using var tailer = new LogFileTailer(Log, FilePosition.Start);
        tailer.Read(100);

        File.WriteAllLines(Log, ["2026-11-24T11:00:00Z x", "y", "z", "more than before"]);
        var read = tailer.Read(100);

        Assert.Equal(4, read.Lines.Count);
        Assert.Equal(TailChange.Truncated, read.Change);
    }

    [Fact]
    public void AStoredPositionOfAnotherFileStartsTheNewFileFromItsStart()
    {
        File.WriteAllLines(Log, ["2026-11-24T10:00:00Z a", "b", "c"]);
        FilePosition stored;
        using (var tailer = new LogFileTailer(Log, FilePosition.Start))
        {
            stored = tailer.Read(100).Position;
        }

        File.WriteAllLines(Log, ["2026-11-25T10:00:00Z other", "lines", "here", "and more"]);
        using var resumed = new LogFileTailer(Log, stored);
        var read = resumed.Read(100);

        Assert.Equal(["2026-11-25T10:00:00Z other", "lines", "here", "and more"], read.Lines.Select(l => l.Text));
        Assert.Equal(TailChange.Replaced, read.Change);
    }

    [Fact]
    public void AMissingFileIsWaitedForAndReadOnceItAppears()
    {
        File.WriteAllLines(Log, ["a"]);
        using var tailer = new LogFileTailer(Log, FilePosition.Start);
        tailer.Read(100);
        File.Move(Log, Log + ".1");

        var missing = tailer.Read(100);
        File.WriteAllLines(Log, ["new"]);
        var appeared = tailer.Read(100);

        Assert.Empty(missing.Lines);
        Assert.Equal(TailChange.Missing, missing.Change);
        Assert.Equal(["new"], appeared.Lines.Select(l => l.Text));
    }
}
