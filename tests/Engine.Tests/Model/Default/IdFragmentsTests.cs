using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class IdFragmentsTests
{
    [Theory]
    [InlineData("3fa85f64-acbe-4562", 8, true)]
    [InlineData("mac 00:1b:44", 6, true)]
    [InlineData("blk_123 next", 7, false)]
    [InlineData("abc- 12", 3, false)]
    [InlineData("abc-xyz", 3, false)]
    [InlineData("abc-", 3, false)]
    [InlineData("abc", 3, false)]
    public void AChainMayStartOnlyWhereAJoinerAndAHexDigitFollowTheRun(string text, int runEnd, bool expected) =>
        Assert.Equal(expected, IdFragments.MayChain(text, runEnd));

    [Fact]
    public void WhereNoChainMayStartTheChainEndsWhereItStarts()
    {
        // Every run of letters and digits of many generated texts: skipping End where MayChain is false changes nothing.
        const string alphabet = "0123456789abcdefxyzABCFQ-:-: _.é٣";
        var random = new Random(16);
        for (var n = 0; n < 20_000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var i = 0;
            while (i < text.Length)
            {
                if (!char.IsLetterOrDigit(text[i]))
                {
                    i++;
                    continue;
                }

                var start = i;
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }

                if (!IdFragments.MayChain(text, i))
                {
                    Assert.Equal(start, IdFragments.End(text, start));
                }
            }
        }
    }
}
