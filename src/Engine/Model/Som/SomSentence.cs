using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Som;

/// <summary>The words Word2Vec sees for one line: its level as a pseudo-word (when present), then its masked tokens.</summary>
internal static class SomSentence
{
    public static string[] Build(TemplateMiner miner, LogRecord record)
    {
        var tokens = miner.Tokenize(record.Message);
        if (string.IsNullOrEmpty(record.Level))
        {
            return [.. tokens];
        }

        var words = new string[tokens.Count + 1];
        words[0] = LevelWord(record.Level);
        for (var i = 0; i < tokens.Count; i++)
        {
            words[i + 1] = tokens[i];
        }

        return words;
    }

    /// <summary>Levels become a word that cannot collide with message text, so "ERROR" in a message stays distinct.</summary>
    public static string LevelWord(string level) => $"level={level.ToUpperInvariant()}";
}
