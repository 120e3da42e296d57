namespace Lad.Engine.Evaluation.Parsing;

/// <summary>Computes <see cref="ParsingScores"/> from per-line truth and predictions.</summary>
public static class ParsingMetrics
{
    /// <summary>Scores a parse. All three lists are per line, in the same order.</summary>
    /// <param name="trueTemplates">The true template of each line (lines with equal text form one true group).</param>
    /// <param name="predictedGroups">The predicted group id of each line.</param>
    /// <param name="predictedTemplates">The predicted template text of each line (the same for all lines of a group).</param>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static ParsingScores Evaluate(
        IReadOnlyList<string> trueTemplates,
        IReadOnlyList<int> predictedGroups,
        IReadOnlyList<string> predictedTemplates)
    {
        var lines = trueTemplates.Count;
        if (predictedGroups.Count != lines || predictedTemplates.Count != lines)
        {
            throw new ArgumentException(
                $"need one prediction per line: {lines} truths, {predictedGroups.Count} groups, {predictedTemplates.Count} templates");
        }

        if (lines == 0)
        {
            return new ParsingScores(0, 0, 0, 0, 0, 0);
        }

        var trueSize = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var truth in trueTemplates)
        {
            trueSize[truth] = trueSize.GetValueOrDefault(truth) + 1;
        }

        // A predicted group is exact when all its lines share one true template and it holds all of that template's lines.
        var groups = new Dictionary<int, PredictedGroup>();
        for (var i = 0; i < lines; i++)
        {
            if (!groups.TryGetValue(predictedGroups[i], out var group))
            {
                group = new PredictedGroup(trueTemplates[i], predictedTemplates[i]);
                groups.Add(predictedGroups[i], group);
            }

            group.Size++;
            group.Pure &= group.Truth == trueTemplates[i];
        }

        var exactGroups = 0;
        var exactLines = 0;
        var correctTemplates = 0;
        foreach (var group in groups.Values)
        {
            if (group.Pure && trueSize[group.Truth] == group.Size)
            {
                exactGroups++;
                exactLines += group.Size;
                if (group.Text == group.Truth)
                {
                    correctTemplates++;
                }
            }
        }

        var parsedLines = 0;
        for (var i = 0; i < lines; i++)
        {
            parsedLines += predictedTemplates[i] == trueTemplates[i] ? 1 : 0;
        }

        return new ParsingScores(
            (double)exactLines / lines,
            F1(exactGroups, groups.Count, trueSize.Count),
            (double)parsedLines / lines,
            F1(correctTemplates, groups.Count, trueSize.Count),
            groups.Count,
            trueSize.Count);
    }

    private static double F1(int correct, int predicted, int truth)
    {
        if (correct == 0)
        {
            return 0;
        }

        var precision = (double)correct / predicted;
        var recall = (double)correct / truth;
        return 2 * precision * recall / (precision + recall);
    }

    private sealed class PredictedGroup(string truth, string text)
    {
        public string Truth { get; } = truth;

        public string Text { get; } = text;

        public int Size { get; set; }

        public bool Pure { get; set; } = true;
    }
}
