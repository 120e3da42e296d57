using Lad.Engine.Parse;

namespace Lad.Engine.Tests.Parse;

public class WordTraitsTests
{
    [Theory]
    [InlineData("plain", (int)WordTraits.None)]
    [InlineData("Host-7", (int)(WordTraits.Upper | WordTraits.Digit))]
    [InlineData(@"a:./@=\Z9", (int)(WordTraits.Colon | WordTraits.Dot | WordTraits.Slash | WordTraits.At | WordTraits.Equals | WordTraits.Backslash | WordTraits.Upper | WordTraits.Digit))]
    [InlineData("/var/log/syslog.1", (int)(WordTraits.Slash | WordTraits.Dot | WordTraits.Digit))]
    [InlineData("user@example.org:22", (int)(WordTraits.At | WordTraits.Dot | WordTraits.Colon | WordTraits.Digit))]
    [InlineData(@"key=C:\Temp\überlong-path-name", (int)(WordTraits.Equals | WordTraits.Upper | WordTraits.Colon | WordTraits.Backslash))]
    public void AWordHasTheTraitsOfTheCharsItHolds(string word, int expected) => Assert.Equal((WordTraits)expected, WordTraitsOf.Scan(word));

    [Fact]
    public void WordsOfEveryLengthHaveTheTraitsOfTheirChars()
    {
        // Long words are read sixteen chars at a time, the last chunk overlapping: each trait is put at every place.
        const string chars = "az09AZ:./@=\\_-é€\u0130";
        var random = new Random(3);
        for (var n = 0; n < 5_000; n++)
        {
            var word = new string(Enumerable.Range(0, random.Next(0, 70)).Select(_ => chars[random.Next(chars.Length)]).ToArray());
            // Each char alone is read one by one, as the cases above pin it.
            var expected = WordTraits.None;
            foreach (var c in word)
            {
                expected |= WordTraitsOf.Scan([c]);
            }

            Assert.Equal(expected, WordTraitsOf.Scan(word));
        }
    }
}
