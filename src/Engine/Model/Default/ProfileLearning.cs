using Lad.Engine.Collections;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Everything the default model learns from a history's lines under one learned miner, fed one line at a time: the
/// host profile, the context profile and how sessions ended. Learnings of one history share a word table (see
/// <see cref="HostProfileFitter"/>).
/// </summary>
internal sealed class ProfileLearning
{
    private readonly HostProfileFitter _profile;
    private readonly ContextLearner _context;

    /// <summary>
    /// Learns under the templates <paramref name="learned"/> holds, keeping the history-wide line counts unless
    /// <paramref name="countsLines"/> is false (see <see cref="HostProfileFitter"/>), numbering words by
    /// <paramref name="wordTable"/> (a table of its own without one).
    /// </summary>
    public ProfileLearning(TemplateMiner learned, bool countsLines = true, WordTable? wordTable = null)
        : this(new HostProfileFitter(learned, countsLines, wordTable), new ContextLearner())
    {
    }

    private ProfileLearning(HostProfileFitter profile, ContextLearner context)
    {
        _profile = profile;
        _context = context;
    }

    /// <summary>
    /// A learning that goes on from where this one stands, apart from it, under the templates <paramref name="learned"/>
    /// holds, which must have given the lines added so far what this learning's miner gave them (see
    /// <see cref="HostProfileFitter.Copy"/>).
    /// </summary>
    public ProfileLearning Copy(TemplateMiner learned, bool countsLines) => new(_profile.Copy(learned, countsLines), _context.Copy());

    /// <summary>
    /// Learns the next line, whose words <paramref name="words"/> holds and whose tokens <paramref name="tokens"/> holds
    /// (<see cref="TemplateMiner.TokensOf"/> of a miner that masks as this learning's does); returns its training
    /// template (see <see cref="HostProfileFitter.Add(LogRecord, LineWords)"/>).
    /// </summary>
    public int Add(LogRecord record, LineWords words, ReadOnlySpan<LineToken> tokens)
    {
        var template = _profile.Add(record, words, tokens);
        _context.Add(record, template);
        return template;
    }

    /// <summary>As <see cref="Add(LogRecord, LineWords, ReadOnlySpan{LineToken})"/> for a line this learning's miner already matched (see <see cref="HostProfileFitter.Add(LogRecord, LineWords, TemplateMatch, List{Range})"/>).</summary>
    public int Add(LogRecord record, LineWords words, TemplateMatch match, List<Range> parameters)
    {
        var template = _profile.Add(record, words, match, parameters);
        _context.Add(record, template);
        return template;
    }

    /// <summary>The contexts of the lines added as a stream observing them holds them, once completed (see <see cref="ContextLearner.StatesAsStream"/>).</summary>
    public LruMap<ContextKey, ContextState>? StatesAsStream(int capacity) => _context.StatesAsStream(capacity);

    /// <summary>A copy of the history-wide counts of the lines added so far (see <see cref="HistoryLineCounts"/>).</summary>
    public HistoryLineCounts CopyOfLineCounts() =>
        (_profile.Counts ?? throw new InvalidOperationException("this learning does not count lines")).Copy();

    /// <summary>
    /// What was learned from every line added, with <paramref name="lineCounts"/> as the lines' history-wide counts
    /// where the learning was made not to keep them; the learning is spent.
    /// </summary>
    public (HostProfile Profile, ContextProfile Context, SessionEndProfile Endings) Complete(HistoryLineCounts? lineCounts = null)
    {
        var endings = _context.CompleteEndings();
        return (_profile.Complete(lineCounts), _context.Complete(endings.IsJudgeable), endings);
    }
}
