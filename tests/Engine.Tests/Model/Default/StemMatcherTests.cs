using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class StemMatcherTests
{
    private static readonly (string Stem, double Strength)[] Stems =
    [
        ("fail", 0.8), ("failover", 0.2), ("error", 0.8), ("timeout", 0.6), ("out", 0.1), ("lost", 0.4), ("lo", 0.05),
        ("warn", 0.3), ("abab", 0.7), ("bab", 0.5),
    ];

    [Theory]
    [InlineData("sockettimeoutexception")]
    [InlineData("failover")]
    [InlineData("unfailing")]
    [InlineData("errorerror")]
    [InlineData("ababab")]
    [InlineData("babab")]
    [InlineData("aabab")]
    [InlineData("forewarned")]
    [InlineData("lolost")]
    [InlineData("timeou")]
    [InlineData("outage")]
    [InlineData("fa-il")]
    [InlineData("fäil")]
    [InlineData("erroré")]
    [InlineData("normal")]
    [InlineData("")]
    public void FindsTheStrongestContainedStemAsASearchPerStemWould(string word)
    {
        var matcher = new StemMatcher(Stems);

        var expected = Stems.Where(s => word.Contains(s.Stem, StringComparison.Ordinal)).Select(s => s.Strength).DefaultIfEmpty(0).Max();

        Assert.Equal(expected, matcher.Strongest(word));
    }

    [Fact]
    public void EveryWordOfGeneratedTextMatchesAsASearchPerStemWould()
    {
        var matcher = new StemMatcher(Stems);
        var random = new Random(7);
        const string letters = "abfilorstuewn-";
        for (var n = 0; n < 5000; n++)
        {
            var word = new string(Enumerable.Range(0, random.Next(0, 14)).Select(_ => letters[random.Next(letters.Length)]).ToArray());
            var expected = Stems.Where(s => word.Contains(s.Stem, StringComparison.Ordinal)).Select(s => s.Strength).DefaultIfEmpty(0).Max();
            Assert.Equal(expected, matcher.Strongest(word));
        }
    }

    [Fact]
    public void RefusesAStemOutsideTheLettersAToZ()
    {
        var refused = Assert.Throws<ArgumentException>(() => new StemMatcher([("Error", 0.8)]));
        Assert.Contains("'Error'", refused.Message);
    }
}
