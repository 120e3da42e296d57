using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class MaskingTests
{
    private static readonly TemplateMiner Miner = new();

    [Theory]
    [InlineData("took 42 ms", "took|<*>|ms")]
    [InlineData("delta -3.5e-2 units", "delta|<*>|units")]
    [InlineData("addr 0x1F4 set", "addr|<*>|set")]
    [InlineData("hash deadbeef1234 ok", "hash|<*>|ok")]
    [InlineData("from 10.0.0.1 closed", "from|<*>|closed")]
    [InlineData("from fe80::1ff:fe23:4567 closed", "from|<*>|closed")]
    [InlineData("id 123e4567-e89b-12d3-a456-426614174000 done", "id|<*>|done")]
    [InlineData("open /var/log/messages failed", "open|<*>|failed")]
    [InlineData("get https://example.com/a/b ok", "get|<*>|ok")]
    [InlineData("mail bob@example.com sent", "mail|<*>|sent")]
    [InlineData("at 2005-06-03 now", "at|<*>|now")]
    [InlineData("at 15:16:01 now", "at|<*>|now")]
    [InlineData("login user=root ok", "login|user|<*>|ok")]
    [InlineData("served blk_abc1 fine", "served|<*>|fine")]
    [InlineData("since Jun boot", "since|<*>|boot")]
    [InlineData("host proxy.example.com:5070 open", "host|<*>|<*>|open")]
    public void Masks_each_variable_kind(string line, string expected) =>
        Assert.Equal(expected, string.Join('|', Miner.Tokenize(line)));

    [Fact]
    public void IPv4_with_port_keeps_the_colon_between_two_variables() =>
        Assert.Equal("from <*>:<*> closed", Miner.MaskedText("from 10.0.0.1:8080 closed"));

    [Fact]
    public void Constants_stay() =>
        Assert.Equal("Connection|closed|by|peer", string.Join('|', Miner.Tokenize("Connection closed by peer")));

    [Fact]
    public void Switched_off_kinds_stay_constant()
    {
        var plain = new TemplateMiner(new MinerOptions
        {
            Masking = new MaskingOptions { Numbers = false, TokensWithDigits = false, Paths = false },
        });

        Assert.Equal("took|42|ms", string.Join('|', plain.Tokenize("took 42 ms")));
        Assert.Equal("open|/var/log/messages", string.Join('|', plain.Tokenize("open /var/log/messages")));
    }

    [Fact]
    public void Extra_patterns_mask_whole_tokens()
    {
        var miner = new TemplateMiner(new MinerOptions { Masking = new MaskingOptions { ExtraPatterns = ["ssh[a-z]"] } });

        Assert.Equal("started|<*>|again", string.Join('|', miner.Tokenize("started sshd again")));
    }

    [Fact]
    public void An_invalid_extra_pattern_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new TemplateMiner(new MinerOptions { Masking = new MaskingOptions { ExtraPatterns = ["ok", "(["] } }));

        Assert.Contains("ExtraPatterns[1]", error.Message);
    }
}
