using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Source;

public class LogFileHistoryTests
{
    private const string Hdfs =
        "081109 203615 148 INFO dfs.DataNode: Receiving block blk_1 src: /10.0.0.1:1 dest: /10.0.0.2:50010\n" +
        "\n" +
        "081109 203616 149 WARN dfs.DataNode: PacketResponder 1 for block blk_2 terminating\n" +
        "081109 203617 150 INFO dfs.DataNode: Received block blk_1 of size 91178 from /10.0.0.1\n";

    [Fact]
    public void ReadsTheParsedLinesAgainOnEveryPass()
    {
        using var file = TempFile.WithText(Hdfs);
        var history = new LogFileHistory(file.Path, LineFormats.Create("hdfs", null));
        var loaded = LogFile.Read(file.Path, LineFormats.Create("hdfs", null)).Lines.Select(l => l.Record).ToList();

        Assert.Equal(3, history.Count);
        Assert.Equal(loaded, history.Read());
        Assert.Equal(loaded, history.Read());
        Assert.Equal(loaded.Skip(2), history.Read(2));
    }

    [Fact]
    public void GivesEachLineTheSessionItsRawLineHolds()
    {
        using var file = TempFile.WithText(Hdfs);
        Assert.True(SessionKeyPattern.TryCreate(@"blk_-?\d+", out var sessions, out _));

        var history = new LogFileHistory(file.Path, LineFormats.Create("hdfs", null), sessions);

        Assert.Equal(["blk_1", "blk_2", "blk_1"], history.Read().Select(r => r.Session));
    }

    [Fact]
    public void RefusesAFileNotInTheFormatNamingTheLine()
    {
        using var file = TempFile.WithText(Hdfs + "not an hdfs line\n");

        var error = Assert.Throws<LogInputFormatException>(() => new LogFileHistory(file.Path, LineFormats.Create("hdfs", null)));

        Assert.Contains("line 5:", error.Message, StringComparison.Ordinal);
    }
}
