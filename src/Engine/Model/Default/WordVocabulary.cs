namespace Lad.Engine.Model.Default;

/// <summary>
/// The words a host profile's templates hold (each template's <see cref="TemplateProfile.Words"/>), numbered, with
/// each word's error-vocabulary strength and how often the host's lines brought a word new to it: scoring looks a line's word up once here, and then asks whether the line's
/// template holds it and how error-like it is by number, instead of hashing the word again in the template's counter
/// and running it through the error stems. Read-only once built, so scoring is safe on many threads.
/// </summary>
internal sealed class WordVocabulary
{
    /// <summary>The number of a word no template holds.</summary>
    public const int Unknown = -1;

    // Looked up by the word where it sits in the line's buffer, so no string is made.
    private readonly WordTable _numbers = new();
    private readonly double[] _errorStrengths;

    // The numbers of the words each template holds, ascending, by template id.
    private readonly Dictionary<int, int[]> _templateWords = [];

    /// <summary>Numbers the words of <paramref name="templates"/>' word counters.</summary>
    public WordVocabulary(IEnumerable<TemplateProfile> templates)
    {
        var strengths = new List<double>();
        var uses = new List<long>();
        var counted = new List<(TemplateProfile Template, int[] Ids)>();
        long openLines = 0, lines = 0;
        foreach (var template in templates)
        {
            var ids = new List<int>();
            lines += template.Count;
            if (template.Words.IsOpen)
            {
                openLines += template.Count;
            }

            foreach (var word in template.Words.Counted)
            {
                var (id, added) = _numbers.Add(word);
                if (added)
                {
                    strengths.Add(ErrorLexicon.StrengthOf(word));
                    uses.Add(0);
                }

                uses[id] += template.Words.CountOf(word);
                ids.Add(id);
            }

            ids.Sort();
            _templateWords[template.TemplateId] = [.. ids];
            counted.Add((template, _templateWords[template.TemplateId]));
        }

        _errorStrengths = [.. strengths];
        // A word counted once came in one line; a template's once-seen words came in at most as many lines as it has, so
        // a line seen once with a dozen words of its own is one line that brought new words, not twelve.
        long linesWithNewWords = 0;
        foreach (var (template, ids) in counted)
        {
            linesWithNewWords += Math.Min(template.Count, ids.Count(id => uses[id] == 1));
        }

        NewWordRate = Math.Min(1, (linesWithNewWords + 1.0 + openLines) / (lines + 2.0));
    }

    /// <summary>
    /// How often a line of the host brought a word none of its other lines held: the lines that held a word counted once
    /// over all the templates (Good-Turing with lines as the observations; per template, no more lines than it has), and
    /// every line of a template whose words were too many to count, since those words are not in the vocabulary and any
    /// of them may come back as "new".
    /// </summary>
    public double NewWordRate { get; }

    /// <summary>How many distinct words the templates hold.</summary>
    public int Count => _errorStrengths.Length;

    /// <summary>The number of <paramref name="word"/> (lower-cased as <see cref="LineWords"/> holds it), or <see cref="Unknown"/>.</summary>
    public int IdOf(ReadOnlySpan<char> word) => _numbers.IdOf(word);

    /// <summary>The error-vocabulary strength of word <paramref name="id"/> (<see cref="ErrorLexicon.StrengthOf"/>).</summary>
    public double ErrorStrengthOf(int id) => _errorStrengths[id];

    /// <summary>The numbers of the words template <paramref name="templateId"/> holds, ascending (none for a template not numbered).</summary>
    public ReadOnlySpan<int> WordsOf(int templateId) => _templateWords.TryGetValue(templateId, out var ids) ? ids : [];

    /// <summary>Whether the template whose words are <paramref name="templateWords"/> (<see cref="WordsOf"/>) holds word <paramref name="id"/>.</summary>
    public static bool Holds(ReadOnlySpan<int> templateWords, int id) => id != Unknown && templateWords.BinarySearch(id) >= 0;
}
