using Lad.Engine.Source;
using Lad.Grains.Detection;

namespace Lad.Integration.Tests.Detection;

/// <summary>A spilled history reads back oldest first, block by block, exactly what was written, and leaves no file.</summary>
public sealed class HistorySpillTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("lad-spill-test").FullName;

    [Fact]
    public void LinesAddedNewestFirstAcrossBlocksReadOldestFirstThenTheAppendedOnes()
    {
        // Oldest first: varied levels, sessions and hosts, so every field's presence is written and read back.
        var history = Enumerable.Range(0, 500).Select(i => new LogRecord(
            $"line {i} {new string('x', i % 37)}", i % 3 == 0 ? "ERROR" : null, i % 11 == 0 ? "elsewhere" : "web1", i % 4 == 0 ? $"req-{i % 9}" : null)).ToList();
        var appended = new[] { new LogRecord("feedback one", null, "web1"), new LogRecord("feedback two", null, "web1", "req-1") };
        using var spill = new HistorySpill("web1", _directory, blockBytes: 256);
        for (var i = history.Count - 1; i >= 0; i--)
        {
            spill.AddNewestFirst(Start.AddSeconds(i), history[i]);
        }

        foreach (var line in appended)
        {
            spill.Append(line);
        }

        spill.Seal();

        var all = history.Concat(appended).ToList();
        Assert.Equal(502, spill.Count);
        Assert.Equal(500, spill.HistoryCount);
        Assert.Equal(all, spill.Read());
        foreach (var from in new[] { 1, 7, 8, 250, 499, 500, 501, 502 })
        {
            Assert.Equal(all.Skip(from), spill.Read(from));
        }

        Assert.True(spill.InTimeOrder);
        Assert.Equal(history.Select((r, i) => (Start.AddSeconds(i), r.Message)), spill.ReadHistoryTimes());
    }

    [Fact]
    public void AHistoryOutOfTimeOrderIsSaidToBe()
    {
        using var spill = new HistorySpill("web1", _directory);
        spill.AddNewestFirst(Start.AddMinutes(1), new LogRecord("newer", Host: "web1"));
        spill.AddNewestFirst(Start.AddMinutes(2), new LogRecord("older by id, newer by time", Host: "web1"));
        spill.Seal();

        Assert.False(spill.InTimeOrder);
        Assert.Equal(["older by id, newer by time", "newer"], spill.Read().Select(r => r.Message));
    }

    [Fact]
    public void TheFileIsGoneOnceDisposedAndWritesAfterSealingAreRefused()
    {
        var spill = new HistorySpill("web1", _directory, blockBytes: 16);
        spill.AddNewestFirst(Start, new LogRecord("only line", Host: "web1"));
        Assert.Single(Directory.GetFiles(_directory));
        spill.Seal();

        Assert.Throws<InvalidOperationException>(() => spill.Append(new LogRecord("late", Host: "web1")));
        spill.Dispose();

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void ANewSpillDeletesTheFilesOfKilledProcessesAndNoOther()
    {
        // A killed process's spill (written long ago), one being written now, and a file that is no spill.
        var stale = Path.Combine(_directory, "lad-history-0123.tmp");
        var live = Path.Combine(_directory, "lad-history-4567.tmp");
        var other = Path.Combine(_directory, "lad-other.tmp");
        foreach (var file in new[] { stale, live, other })
        {
            File.WriteAllText(file, "lines");
        }

        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - HistorySpill.StaleAfter - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow - TimeSpan.FromDays(30));

        using var spill = new HistorySpill("web1", _directory);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Equal(0, HistorySpill.SweepStale(_directory, DateTime.UtcNow - HistorySpill.StaleAfter));
    }

    [Fact]
    public void ReadingBeforeSealingIsRefused()
    {
        using var spill = new HistorySpill("web1", _directory);
        spill.AddNewestFirst(Start, new LogRecord("line", Host: "web1"));

        Assert.Throws<InvalidOperationException>(() => spill.Read().ToList());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
