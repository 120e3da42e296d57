using System.Runtime.InteropServices;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The calibrating profile's learning, beside the final profile's over the lines of the part the calibrating profile
/// is fitted on. The two learn those lines in the same order under two miners, the final one and the copy of it taken
/// where that part ends, and a line of a template the rest of the history left alone gets the same template and
/// parameters from both: while every line does, the two learnings are in the same state, so the final one learns
/// each line for both. At the first line the miners give different templates or parameters, the calibrating learning
/// starts as a copy of the final one and learns on by itself; if none does, it is that copy once its part is learned.
/// On a long history whose templates settled early, that spares learning most of the history twice.
/// </summary>
internal sealed class CalibratingLearning
{
    private readonly ProfileLearning _final;
    private readonly TemplateMiner _finalMiner;
    private readonly TemplateMiner _fitMiner;
    // By the id a match names: whether both miners take it to the same template, with the same text and tokens.
    private readonly Dictionary<int, bool> _alike = [];
    private readonly List<Range> _finalParameters = [];
    private readonly List<Range> _fitParameters = [];
    private ProfileLearning? _own;

    /// <summary>
    /// Learns beside <paramref name="final"/>, the learning under <paramref name="finalMiner"/>, for a calibrating profile
    /// under <paramref name="fitMiner"/>, a copy of <paramref name="finalMiner"/> taken before it learned the rest of the
    /// history. Neither miner may learn any more.
    /// </summary>
    public CalibratingLearning(ProfileLearning final, TemplateMiner finalMiner, TemplateMiner fitMiner)
    {
        _final = final;
        _finalMiner = finalMiner;
        _fitMiner = fitMiner;
    }

    /// <summary>Whether the calibrating learning has gone its own way (a line met different templates in the two miners).</summary>
    public bool Parted => _own is not null;

    /// <summary>
    /// Learns the next line of the calibrating part into both learnings (as <see cref="ProfileLearning.Add(LogRecord, LineWords, ReadOnlySpan{LineToken})"/>,
    /// <paramref name="tokens"/> tokenised by either miner: they mask alike); returns the final learning's template for it.
    /// </summary>
    public int Add(LogRecord record, LineWords words, ReadOnlySpan<LineToken> tokens)
    {
        var finalMatch = _finalMiner.MatchWithParameters(tokens, _finalParameters);
        var fitMatch = _fitMiner.MatchWithParameters(tokens, _fitParameters);
        if (_own is null && !Alike(finalMatch, fitMatch))
        {
            // The final learning has not learned this line yet: the copy is the calibrating learning's state before it.
            _own = _final.Copy(_fitMiner, countsLines: false);
        }

        var template = _final.Add(record, words, finalMatch, _finalParameters);
        _own?.Add(record, words, fitMatch, _fitParameters);
        return template;
    }

    /// <summary>
    /// The calibrating learning, once every line of its part was added (<see cref="Add"/>): it leaves the history-wide
    /// line counts to its caller, as <c>new ProfileLearning(fitMiner, countsLines: false, …)</c> fed those lines would.
    /// </summary>
    public ProfileLearning Learned() => _own ?? _final.Copy(_fitMiner, countsLines: false);

    private bool Alike(TemplateMatch final, TemplateMatch fit)
    {
        if (final.TemplateId != fit.TemplateId)
        {
            return false;
        }

        if (final.IsKnown && !AlikeTemplates(final.TemplateId))
        {
            return false;
        }

        return CollectionsMarshal.AsSpan(_finalParameters).SequenceEqual(CollectionsMarshal.AsSpan(_fitParameters));
    }

    private bool AlikeTemplates(int id)
    {
        if (!_alike.TryGetValue(id, out var alike))
        {
            var final = _finalMiner.GetTemplate(id);
            var fit = _fitMiner.GetTemplate(id);
            alike = final is not null && fit is not null && final.Id == fit.Id && final.Text == fit.Text && final.Tokens.SequenceEqual(fit.Tokens);
            _alike.Add(id, alike);
        }

        return alike;
    }
}
