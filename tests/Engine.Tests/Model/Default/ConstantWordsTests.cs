using Lad.Engine.Model.Default;

namespace Lad.Engine.Tests.Model.Default;

public class ConstantWordsTests
{
    [Fact]
    public void TheConstantsErrorWordsFoldAsTheLinesOwnDoAndItsParametersWordsAddToThem()
    {
        const string line = "request alpha failed: upstream timeout";
        var (template, vocabulary) = Template(line, "request bravo failed: upstream timeout");
        var words = WordsOf(line, vocabulary);
        var segments = Segments(line, "alpha");

        var constants = ConstantWords.Of(line, words, segments, vocabulary, vocabulary.WordsOf(template.TemplateId), wordsOverflowed: false);

        Assert.True(constants.Usable);
        Assert.Equal(0.8, constants.Best);
        Assert.Equal((1 - 0.8) * (1 - 0.6), constants.Keep, 12);
        // With "crashed" at the parameter, the line is scored as reading it whole scores it, on its parameter's word alone.
        const string crashed = "request crashed failed: upstream timeout";
        var whole = ErrorLexicon.Score(WordsOf(crashed, vocabulary), vocabulary, out _);
        var within = new LineWords();
        WordExtractor.ExtractWithin(crashed, Segments(crashed, "crashed"), within);
        within.Identify(vocabulary);
        Assert.Equal(whole, ErrorLexicon.Score(constants, within, vocabulary, null, out _), 12);
        Assert.True(whole > ErrorLexicon.Score(WordsOf(line, vocabulary), vocabulary, out _));
    }

    [Fact]
    public void ConstantTextWithADigitOrAWordItsTemplateNeverCountedIsReadWhole()
    {
        const string disk = "disk sda1 full at 97 percent";
        var (diskTemplate, diskVocabulary) = Template(disk);
        Assert.False(ConstantWords.Of(
            disk, WordsOf(disk, diskVocabulary), Segments(disk, "97"), diskVocabulary, diskVocabulary.WordsOf(diskTemplate.TemplateId), false).Usable);

        // "later" is in the line, not in what the template counted.
        const string retry = "retry queued later";
        var (retryTemplate, retryVocabulary) = Template("retry queued", "retry queued now");
        var words = WordsOf(retry, retryVocabulary);
        Assert.False(ConstantWords.Of(retry, words, Segments(retry, "queued"), retryVocabulary, retryVocabulary.WordsOf(retryTemplate.TemplateId), false).Usable);
        // Unless its counter overflowed: then no word is its own, and a new one is no evidence.
        Assert.True(ConstantWords.Of(retry, words, Segments(retry, "queued"), retryVocabulary, retryVocabulary.WordsOf(retryTemplate.TemplateId), true).Usable);
    }

    private static (TemplateProfile Template, WordVocabulary Vocabulary) Template(params string[] lines)
    {
        var template = new TemplateProfile(1, "template", 0);
        var words = new LineWords();
        foreach (var line in lines)
        {
            WordExtractor.Extract(line, words);
            template.Add(words, null, string.Empty, []);
        }

        template.Complete();
        return (template, new WordVocabulary([template]));
    }

    private static LineWords WordsOf(string line, WordVocabulary vocabulary)
    {
        var words = new LineWords();
        WordExtractor.Extract(line, words);
        words.Identify(vocabulary);
        return words;
    }

    private static List<(int Start, int End)> Segments(string line, string parameter)
    {
        var segments = new List<(int Start, int End)>();
        var start = line.IndexOf(parameter, StringComparison.Ordinal);
        Assert.True(WordSegments.TryFind(line, [new Range(start, start + parameter.Length)], segments));
        return segments;
    }
}
