using Lad.Engine.Source;
using Lad.Engine.Tests.Support;

namespace Lad.Engine.Tests.Source;

public class SessionLabelsTests
{
    [Fact]
    public void Reads_header_and_labels()
    {
        using var file = TempFile.WithText("BlockId,Label\r\nblk_1,Normal\r\nblk_-2,Anomaly\r\n", ".csv");
        var labels = SessionLabels.Read(file.Path);
        Assert.Equal(2, labels.Count);
        Assert.True(labels.TryGet("blk_-2", out var anomalous) && anomalous);
        Assert.True(labels.TryGet("blk_1", out var normal) && !normal);
        Assert.False(labels.TryGet("blk_3", out _));
    }

    [Theory]
    [InlineData("Key,Label\nblk_1,Normal\nblk_2,Weird\n", 3, "label 'Weird'")]
    [InlineData("Key,Label\nblk_1\n", 2, "two columns")]
    [InlineData("Key,Label\nblk_1,Normal,extra\n", 2, "two columns")]
    [InlineData("Key,Label\n,Normal\n", 2, "empty")]
    [InlineData("Key,Label\nblk_1,Normal\nblk_1,Anomaly\n", 3, "both Normal and Anomaly")]
    [InlineData("Key,Label\n", 1, "no 'Key,Label' rows")]
    public void Bad_rows_are_named_by_line(string text, int line, string problem)
    {
        using var file = TempFile.WithText(text, ".csv");
        var e = Assert.Throws<LogInputFormatException>(() => SessionLabels.Read(file.Path));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(problem, e.Message);
    }
}
