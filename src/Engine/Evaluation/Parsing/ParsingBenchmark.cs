using Lad.Engine.Parse;

namespace Lad.Engine.Evaluation.Parsing;

/// <summary>Mines a labelled dataset with a fresh miner and scores the grouping it ends with.</summary>
public static class ParsingBenchmark
{
    /// <summary>
    /// Learns every line in order, then takes each line's group to be the template it ended in (following merge
    /// aliases) and scores that against the truth.
    /// </summary>
    public static ParsingScores Run(ParsingDataset dataset, MinerOptions? options = null)
    {
        var miner = new TemplateMiner(options);
        var learned = new int[dataset.Messages.Count];
        for (var i = 0; i < learned.Length; i++)
        {
            learned[i] = miner.Learn(dataset.Messages[i]).Id;
        }

        var groups = new int[learned.Length];
        var texts = new string[learned.Length];
        for (var i = 0; i < learned.Length; i++)
        {
            // Evicted templates (only when the cap is below the template count) keep their own id and last text.
            var template = miner.GetTemplate(learned[i]);
            groups[i] = template?.Id ?? -learned[i];
            texts[i] = template?.Text ?? string.Empty;
        }

        return ParsingMetrics.Evaluate(dataset.TrueTemplates, groups, texts);
    }
}
