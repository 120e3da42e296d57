using Lad.Engine.Model.Default.Context;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Builds a <see cref="HostProfile"/> one history line at a time, under the templates of a miner that has already
/// learned the whole history (templates generalise and merge while learning: profiles must describe the final ones).
/// Keeps only what the profile learns, so a history can stream through it.
/// </summary>
internal sealed class HostProfileFitter
{
    private readonly TemplateMiner _miner;
    // Numbers the lines' words for the line counts and every template profile.
    private readonly WordTable _wordTable;
    private readonly Dictionary<int, TemplateProfile> _templates;
    // Null when the lines' counts are handed over at completion (see HistoryLineCounts).
    private readonly HistoryLineCounts? _counts;
    // Where the line being profiled holds its template's parameters.
    private readonly List<Range> _parameters = [];

    /// <summary>
    /// Profiles lines under the templates <paramref name="learned"/> holds; the miner must not learn any more. Without
    /// <paramref name="countsLines"/>, the fitter leaves the history-wide counts to its caller, who hands them to
    /// <see cref="Complete(HistoryLineCounts?)"/>. Fitters of one history share <paramref name="wordTable"/>, so that
    /// a line's words numbered for one are numbered for all.
    /// </summary>
    public HostProfileFitter(TemplateMiner learned, bool countsLines = true, WordTable? wordTable = null)
    {
        _miner = learned;
        _wordTable = wordTable ?? new WordTable();
        _counts = countsLines ? new HistoryLineCounts(_wordTable) : null;
        _templates = [];
    }

    private HostProfileFitter(HostProfileFitter from, TemplateMiner learned, bool countsLines)
    {
        _miner = learned;
        _wordTable = from._wordTable;
        _counts = countsLines ? from._counts?.Copy() ?? throw new InvalidOperationException("the fitter copied does not count lines") : null;
        _templates = new Dictionary<int, TemplateProfile>(from._templates.Count);
        foreach (var (id, profile) in from._templates)
        {
            _templates.Add(id, profile.Copy());
        }
    }

    /// <summary>
    /// A fitter that goes on from where this one stands, apart from it, under the templates <paramref name="learned"/>
    /// holds: the lines added so far must have met the same templates there (see <see cref="CalibratingLearning"/>).
    /// Without <paramref name="countsLines"/> it leaves the history-wide counts to its caller.
    /// </summary>
    public HostProfileFitter Copy(TemplateMiner learned, bool countsLines) => new(this, learned, countsLines);

    /// <summary>The history-wide counts of the lines added so far (null when the fitter does not keep them).</summary>
    public HistoryLineCounts? Counts => _counts;

    /// <summary>
    /// Profiles the next history line, whose words <paramref name="words"/> holds (<see cref="WordExtractor.Extract"/>),
    /// and returns its training template as <see cref="HostProfile.TemplateIdOf(LogRecord)"/> will, or
    /// <see cref="ContextState.Unknown"/>.
    /// </summary>
    public int Add(LogRecord record, LineWords words) => Add(record, words, _miner.TokensOf(record.Message));

    /// <summary>
    /// As <see cref="Add(LogRecord, LineWords)"/> for a line <paramref name="tokens"/> holds tokenised by this fitter's
    /// miner or one that masks alike.
    /// </summary>
    public int Add(LogRecord record, LineWords words, ReadOnlySpan<LineToken> tokens)
    {
        var match = _miner.MatchWithParameters(tokens, _parameters);
        return Add(record, words, match, _parameters);
    }

    /// <summary>
    /// As <see cref="Add(LogRecord, LineWords, ReadOnlySpan{LineToken})"/> for a line this fitter's miner already
    /// matched: <paramref name="match"/>, with its parameters at <paramref name="parameters"/>.
    /// </summary>
    public int Add(LogRecord record, LineWords words, TemplateMatch match, List<Range> parameters)
    {
        _counts?.Add(record, words);
        var template = match.IsKnown ? _miner.GetTemplate(match.TemplateId) : null;
        if (template is null)
        {
            return ContextState.Unknown;
        }

        if (!_templates.TryGetValue(template.Id, out var profile))
        {
            profile = new TemplateProfile(template.Id, template.Text, template.Tokens.Count(t => t == LogTemplate.Variable), _wordTable);
            _templates.Add(template.Id, profile);
        }

        profile.Add(words, record.Level, record.Message, parameters);
        // A match through a merge alias names no profiled template (profiles are kept under live ids).
        return match.TemplateId == template.Id ? template.Id : ContextState.Unknown;
    }

    /// <summary>
    /// The profile of every line added, with the history-wide counts of those lines (<paramref name="counts"/> where
    /// the fitter was made not to keep them); the fitter is spent.
    /// </summary>
    public HostProfile Complete(HistoryLineCounts? counts = null)
    {
        var lines = counts ?? _counts ?? throw new InvalidOperationException("a fitter that does not count lines needs the lines' counts to complete");
        foreach (var profile in _templates.Values)
        {
            profile.Complete();
        }

        return new HostProfile(_miner, _templates.Values, lines.Levels, lines.Lines, null, lines.DocumentFrequency);
    }
}
