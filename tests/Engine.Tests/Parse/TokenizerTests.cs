using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class TokenizerTests
{
    private static readonly TemplateMiner Miner = new();

    [Theory]
    [InlineData("failed: (error) [core]", "failed|error|core")]
    [InlineData("a,b;c|d", "a|b|c|d")]
    [InlineData("name an14 an15 an16", "name|<*>")]
    [InlineData("onExtend:1514038530000 14 0 4", "onExtend|<*>")]
    [InlineData("synchronized to LOCAL(0), stratum 10", "synchronized|to|<*>|stratum|<*>")]
    [InlineData("state - ok", "state|-|ok")]
    [InlineData("", "")]
    [InlineData("size 5.2 KB, free 93 B", "size|<*>|free|<*>")]
    [InlineData("close, 1190 bytes (1.16 KB) sent", "close|<*>|sent")]
    [InlineData("lifetime <1 sec", "lifetime|<*>")]
    [InlineData("connection from 1.2.3.4 () at noon", "connection|from|<*>|at|noon")]
    [InlineData("connection from 1.2.3.4 (host-1.example.net) at noon", "connection|from|<*>|at|noon")]
    public void Splits_trims_and_collapses_variable_runs(string line, string expected) =>
        Assert.Equal(expected, string.Join('|', Miner.Tokenize(line)));

    [Fact]
    public void Masked_text_keeps_separators()
    {
        Assert.Equal("Block <*> stored (size <*>, free <*>)", Miner.MaskedText("Block blk_1 stored (size 5.2, free 14)"));
    }
}
