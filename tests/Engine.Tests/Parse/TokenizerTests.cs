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
    [InlineData("program interrupt: illegal instruction......0", "program|interrupt|illegal|instruction|<*>")]
    [InlineData("Will retry shortly ...", "Will|retry|shortly")]
    [InlineData("close, 1190 bytes (1.16 KB) sent", "close|<*>|sent")]
    [InlineData("lifetime <1 sec", "lifetime|<*>")]
    [InlineData("connection from 1.2.3.4 () at noon", "connection|from|<*>|at|noon")]
    [InlineData("connection from 1.2.3.4 (host-1.example.net) at noon", "connection|from|<*>|at|noon")]
    public void Splits_trims_and_collapses_variable_runs(string line, string expected) =>
        Assert.Equal(expected, string.Join('|', Miner.Tokenize(line)));

    [Theory]
    [InlineData("Block blk_1 stored (size 5.2, free 14)", "Block <*> stored (size <*>, free <*>)")]
    [InlineData("ciod: LOGIN chdir(/p/gb2/t800) failed", "ciod: LOGIN chdir(<*>) failed")]
    [InlineData("connection from 1.2.3.4 (host-1.example.net) at Fri Jun 17 07:07:00 2005", "connection from <*> (<*>) at <*>:<*>:<*>")]
    [InlineData("close, 1190 bytes (1.16 KB) sent", "close, <*> (<*>) sent")]
    [InlineData("login user=root ok", "login user=<*> ok")]
    // A MAC address after an address is one value: its letter-only octets ("da", "cf") are not words of the template.
    [InlineData("DHCPACK(br0) 192.168.1.85 da:12:94:cf:9e:a0 raspberrypi", "DHCPACK(<*>) <*> raspberrypi")]
    [InlineData("from fe80::1c:ab 10.0.0.7 port 22", "from <*> port <*>")]
    public void Masked_text_keeps_separators_and_constant_parts(string line, string expected) =>
        Assert.Equal(expected, Miner.MaskedText(line));

    [Fact]
    public void Template_text_shows_constant_parts_of_variables_until_lines_disagree()
    {
        var miner = new TemplateMiner();

        var template = miner.Learn("ciod: LOGIN chdir(/p/gb2/t800) failed");
        Assert.Equal("ciod: LOGIN chdir(<*>) failed", template.Text);

        miner.Learn("ciod: LOGIN chdir(/p/gb3/t801) failed");
        Assert.Equal("ciod: LOGIN chdir(<*>) failed", template.Text);
    }
}
