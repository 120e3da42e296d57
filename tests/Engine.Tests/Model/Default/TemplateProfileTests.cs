using Lad.Engine.Model;
using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class TemplateProfileTests
{
    private const string Constants = "imap login disconnected auth failed attempts in secs method plain tls session";

    [Fact]
    public void ANewWordIsJudgedByHowOftenTheTemplatesLinesBroughtOneNotByHowManyWordsTheyHeld()
    {
        // Every other line carries a word no other line has, beside twelve constant words.
        var random = new Random(3);
        var profile = Learn(Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? Constants : $"{Constants} {Letters(random)}"));
        profile.WeighWords(hostLines: 1_000_000);

        // Counted per word the place would look closed (30 new words in 750); per line it brings one in two.
        var perWord = profile.Words.NoveltySurprise();
        Assert.True(perWord > 0.9, $"{perWord}");
        var rate = (profile.Words.Singletons + 1.0) / (60 + 2.0);
        Assert.InRange(rate, 0.45, 0.55);
        Assert.Equal((1 - rate) * profile.Words.Confidence, profile.WordSurprise, 12);
    }

    [Fact]
    public void ATemplateWhoseLinesNeverBroughtANewWordKeepsFullSurprise()
    {
        var profile = Learn(Enumerable.Repeat(Constants, 200));
        profile.WeighWords(hostLines: 1_000_000);

        Assert.Equal((1 - (1.0 / 202)) * profile.Words.Confidence, profile.WordSurprise, 12);
        Assert.True(profile.WordSurprise > 0.99, $"{profile.WordSurprise}");
    }

    [Fact]
    public void NewWordsCountLessWhereTheTemplateBringsThemMoreOftenThanTheAlarmBudgetAllows()
    {
        var random = new Random(4);
        var profile = Learn(Enumerable.Range(0, 30).Select(_ => $"{Constants} {Letters(random)}"));
        profile.WeighWords(hostLines: 1_000_000);
        var full = profile.WordSurprise;

        // On a host of 2,000 lines the template is 1.5% of them, and nearly every one of its lines brings a new word.
        profile.WeighWords(hostLines: 2_000);
        var rate = Math.Min(1, (profile.Words.Singletons + 1.0) / (30 + 2.0));
        var expectedPer10k = 30.0 / 2_000 * rate * 10_000;
        Assert.True(expectedPer10k > DetectorOptions.DefaultAlarmBudget, $"{expectedPer10k} new words per 10,000 lines");
        Assert.Equal(full * DetectorOptions.DefaultAlarmBudget / expectedPer10k, profile.WordSurprise, 12);
    }

    [Fact]
    public void AnOpenEndedTemplateOrOneNeverSeenGivesNoSurprise()
    {
        var random = new Random(5);
        var open = Learn(Enumerable.Range(0, 300).Select(_ => $"{Constants} {Letters(random)}"));
        open.WeighWords(hostLines: 1_000_000);
        Assert.True(open.Words.IsOpen);
        Assert.Equal(0, open.WordSurprise);

        var empty = Learn([]);
        empty.WeighWords(hostLines: 1_000_000);
        Assert.Equal(0, empty.WordSurprise);
    }

    private static TemplateProfile Learn(IEnumerable<string> lines)
    {
        var profile = new TemplateProfile(1, Constants, parameterCount: 0);
        var words = new LineWords();
        foreach (var line in lines)
        {
            WordExtractor.Extract(line, words);
            profile.Add(words, "INFO", line, []);
        }

        profile.Complete();
        return profile;
    }

    private static string Letters(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(5, 10)).Select(_ => (char)('a' + random.Next(26))));
}
