using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class WordVocabularyTests
{
    private static TemplateProfile Template(int id, params string[] lines)
    {
        var template = new TemplateProfile(id, $"template {id}", 0);
        var words = new LineWords();
        foreach (var line in lines)
        {
            WordExtractor.Extract(line, words);
            template.Add(words, null, string.Empty, []);
        }

        template.Complete();
        return template;
    }

    [Fact]
    public void ATemplateHoldsByNumberExactlyTheWordsItsCounterHolds()
    {
        var disk = Template(1, "Disk sda failed", "disk sdb FAILED again");
        var login = Template(2, "login for alice refused", "login for bob");
        var vocabulary = new WordVocabulary([disk, login]);
        var words = new LineWords();
        foreach (var line in new[] { "disk login refused failed", "again for bob", "unknown words only", "Disk Failed" })
        {
            WordExtractor.Extract(line, words);
            words.Identify(vocabulary);
            for (var i = 0; i < words.Count; i++)
            {
                Assert.Equal(disk.Words.Contains(words[i]), WordVocabulary.Holds(vocabulary.WordsOf(1), words.IdAt(i)));
                Assert.Equal(login.Words.Contains(words[i]), WordVocabulary.Holds(vocabulary.WordsOf(2), words.IdAt(i)));
            }
        }
    }

    [Fact]
    public void AWordNoTemplateHoldsHasNoNumberAndATemplateNotNumberedHoldsNothing()
    {
        var vocabulary = new WordVocabulary([Template(1, "disk failed")]);
        Assert.Equal(2, vocabulary.Count);
        Assert.Equal(WordVocabulary.Unknown, vocabulary.IdOf("disks"));
        Assert.Equal(WordVocabulary.Unknown, vocabulary.IdOf("dis"));
        Assert.NotEqual(WordVocabulary.Unknown, vocabulary.IdOf("disk"));
        Assert.True(vocabulary.WordsOf(7).IsEmpty);
        Assert.False(WordVocabulary.Holds(vocabulary.WordsOf(1), WordVocabulary.Unknown));
    }

    [Fact]
    public void AnOpenEndedCounterHoldsNoWord()
    {
        var lines = Enumerable.Range(0, ValueCounter.DistinctCap + 1).Select(i => $"user {new string((char)('a' + (i % 26)), 2 + (i / 26))} logged in").ToArray();
        var template = Template(1, lines);
        Assert.True(template.Words.IsOpen);
        var vocabulary = new WordVocabulary([template]);
        Assert.Equal(0, vocabulary.Count);
        Assert.True(vocabulary.WordsOf(1).IsEmpty);
    }

    [Fact]
    public void ErrorScoresAreThoseOfTheStemsWhetherAWordIsNumberedOrNot()
    {
        var vocabulary = new WordVocabulary([Template(1, "connection timed out", "disk failure fatal")]);
        var words = new LineWords();
        WordExtractor.Extract("connection timed out: disk failure, fatal corruption, exception unexpected", words);
        words.Identify(vocabulary);
        Assert.Contains(WordVocabulary.Unknown, Enumerable.Range(0, words.Count).Select(words.IdAt));
        Assert.Contains(Enumerable.Range(0, words.Count).Select(words.IdAt), id => id != WordVocabulary.Unknown);

        var score = ErrorLexicon.Score(words, vocabulary, out var strongest);

        // The same noisy-or the lexicon makes of each word's own strength.
        var strengths = Enumerable.Range(0, words.Count).Select(i => ErrorLexicon.StrengthOf(words[i])).ToList();
        var keep = strengths.Where(s => s > 0).Aggregate(1.0, (k, s) => k * (1 - s));
        var best = strengths.Max();
        Assert.Equal(best + (0.25 * (1 - keep - best)), score);
        Assert.Equal(strengths.IndexOf(best), strongest);
        for (var i = 0; i < words.Count; i++)
        {
            if (words.IdAt(i) != WordVocabulary.Unknown)
            {
                Assert.Equal(ErrorLexicon.StrengthOf(words[i]), vocabulary.ErrorStrengthOf(words.IdAt(i)));
            }
        }
    }
}
