using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class WordTableTests
{
    [Fact]
    public void WordsAreNumberedInTheOrderAddedAndAWordAddedAgainKeepsItsNumber()
    {
        var table = new WordTable();
        Assert.Equal((0, true), table.Add("disk"));
        Assert.Equal((1, true), table.Add("failed"));
        Assert.Equal((0, false), table.Add("disk"));
        Assert.Equal(2, table.Count);
        Assert.Equal(1, table.IdOf("failed line".AsSpan(0, 6)));
        Assert.Equal(-1, table.IdOf("Disk"));
        Assert.Equal(-1, table.IdOf("dis"));
        Assert.Equal(-1, table.IdOf(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void EveryWordIsFoundByItsNumberAfterTheTableGrewManyTimesAndNoOtherIs()
    {
        var table = new WordTable();
        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal((i, true), table.Add($"w{i}"));
        }

        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal(i, table.IdOf($"w{i}"));
            Assert.Equal(-1, table.IdOf($"x{i}"));
        }
    }
}
