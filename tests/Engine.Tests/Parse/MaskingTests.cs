using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class MaskingTests
{
    private static readonly TemplateMiner Miner = new();

    [Theory]
    [InlineData("took 42 ms", "took|<*>")]
    [InlineData("seen 42 times", "seen|<*>|times")]
    [InlineData("delta -3.5e-2 units", "delta|<*>|units")]
    [InlineData("addr 0x1F4 set", "addr|<*>|set")]
    [InlineData("hash deadbeef1234 ok", "hash|<*>|ok")]
    [InlineData("from 10.0.0.1 closed", "from|<*>|closed")]
    [InlineData("from fe80::1ff:fe23:4567 closed", "from|<*>|closed")]
    [InlineData("id 123e4567-e89b-12d3-a456-426614174000 done", "id|<*>|done")]
    [InlineData("open /var/log/messages failed", "open|<*>|failed")]
    [InlineData("get https://example.com/a/b ok", "get|<*>|ok")]
    [InlineData("sync x-coredata://DB05755C/p11 ok", "sync|<*>|ok")]
    [InlineData("mail bob@example.com sent", "mail|<*>|sent")]
    [InlineData("at 2005-06-03 now", "at|<*>|now")]
    [InlineData("at 15:16:01 now", "at|<*>|now")]
    [InlineData("login user=root ok", "login|user|<*>|ok")]
    [InlineData("served blk_abc1 fine", "served|<*>|fine")]
    [InlineData("since Jun boot", "since|<*>|boot")]
    [InlineData("host proxy.example.com:5070 open", "host|<*>|<*>|open")]
    [InlineData("lookup ns.example.com failed", "lookup|<*>|failed")]
    [InlineData("lookup proxy.cse.cuhk.edu.hk failed", "lookup|<*>|failed")]
    [InlineData("peer 3fa85f64-acbe joined", "peer|<*>|joined")]
    [InlineData("node acbe-4562-adfe up", "node|<*>|up")]
    [InlineData("id 3fa85f64-acbe-4562-adfe-2c963f66afa6 done", "id|<*>|done")]
    public void Masks_each_variable_kind(string line, string expected) =>
        Assert.Equal(expected, string.Join('|', Miner.Tokenize(line)));

    [Fact]
    public void IPv4_with_port_keeps_the_colon_between_two_variables() =>
        Assert.Equal("from <*>:<*> closed", Miner.MaskedText("from 10.0.0.1:8080 closed"));

    [Theory]
    [InlineData("Connection closed by peer", "Connection|closed|by|peer")]
    [InlineData("loaded com.apple.icloud.fmfd now", "loaded|com.apple.icloud.fmfd|now")]
    [InlineData("mapred.task.id is deprecated", "mapred.task.id|is|deprecated")]
    [InlineData("state RUNNING", "state|RUNNING")]
    public void Constants_stay(string line, string expected) =>
        Assert.Equal(expected, string.Join('|', Miner.Tokenize(line)));

    [Fact]
    public void Switched_off_kinds_stay_constant()
    {
        var plain = new TemplateMiner(new MinerOptions
        {
            Masking = new MaskingOptions { Numbers = false, TokensWithDigits = false, Paths = false },
        });

        Assert.Equal("seen|42|times", string.Join('|', plain.Tokenize("seen 42 times")));
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

    [Theory]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6", true)]
    [InlineData("3fa85f64-acbe", true)]
    [InlineData("00:1b:44:11:3a:b7", true)]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015", true)]
    [InlineData("deadbeefcafe", false)]
    [InlineData("12345678", false)]
    [InlineData("0x0000001f", false)]
    [InlineData("abc123", false)]
    [InlineData("3fa85f64--acbe", false)]
    [InlineData("blk_-1234567890", false)]
    public void Hex_ids_mix_digits_and_letters_a_to_f(string value, bool isId) =>
        Assert.Equal(isId, VariableRules.IsHexId(value));

    [Theory]
    [InlineData("B", true)]
    [InlineData("KiB", true)]
    [InlineData("bytes", true)]
    [InlineData("ms", true)]
    [InlineData("seconds", true)]
    [InlineData("hours", true)]
    [InlineData("", false)]
    [InlineData("file", false)]
    [InlineData("Bytes", false)]
    [InlineData("msec", false)]
    [InlineData("minutes2", false)]
    [InlineData("_ms", false)]
    [InlineData("ém", false)]
    public void Units_are_the_listed_words_only(string word, bool isUnit) =>
        Assert.Equal(isUnit, VariableRules.IsUnit(word));

    [Fact]
    public void Calendar_names_and_their_three_letter_forms_are_dates_and_no_other_capitalised_word_is()
    {
        string[] names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        foreach (var name in names)
        {
            Assert.True(VariableRules.IsMonthOrDay(name), name);
            Assert.True(VariableRules.IsMonthOrDay(name.AsSpan(0, 3)), name[..3]);
            Assert.False(VariableRules.IsMonthOrDay(name.ToLowerInvariant()), name.ToLowerInvariant());
            Assert.False(VariableRules.IsMonthOrDay(name.ToUpperInvariant()), name.ToUpperInvariant());
        }

        foreach (var word in new[] { "Receiving", "Monitor", "Mayday", "Junes", "Ma", "Zed", "Connection", "Jan1", "Decembers" })
        {
            Assert.False(VariableRules.IsMonthOrDay(word), word);
        }
    }

    [Theory]
    [InlineData("reached node.example.com now", "reached|<*>|now")]
    [InlineData("reached nodeexamplecom now", "reached|nodeexamplecom|now")]
    [InlineData("reached com.apple.launchd now", "reached|com.apple.launchd|now")]
    public void Plain_words_are_host_names_only_with_a_dot(string line, string expected) =>
        Assert.Equal(expected, string.Join('|', Miner.Tokenize(line)));
}
