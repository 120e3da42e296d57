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
internal sealed class ProfileLearning(TemplateMiner learned, bool countsLines = true, WordTable? wordTable = null)
{
    private readonly HostProfileFitter _profile = new(learned, countsLines, wordTable);
    private readonly ContextLearner _context = new();

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
