namespace Lad.Engine.Parse;

/// <summary>Finding a line's template: tree routing, leaf scoring, and the covering fallback.</summary>
public sealed partial class TemplateMiner
{
    private static bool Fits(LogTemplate template, ReadOnlySpan<LineToken> line)
    {
        var hashes = template.Hashes;
        if (hashes.Length != line.Length)
        {
            return false;
        }

        for (var i = 0; i < hashes.Length; i++)
        {
            if (hashes[i] != LineToken.Wildcard && hashes[i] != line[i].Hash)
            {
                return false;
            }
        }

        return true;
    }

    private static double Coverage(LogTemplate template, ReadOnlySpan<LineToken> line)
    {
        if (line.Length == 0)
        {
            return 1.0;
        }

        var fit = 0;
        var hashes = template.Hashes;
        for (var i = 0; i < hashes.Length; i++)
        {
            fit += hashes[i] == LineToken.Wildcard || hashes[i] == line[i].Hash ? 1 : 0;
        }

        return (double)fit / line.Length;
    }

    /// <summary>
    /// Finds the best template at or above the threshold: first along the exact route, then (only when that fails)
    /// through wildcard children, so a line whose token later got its own child still finds its template.
    /// </summary>
    /// <remarks>
    /// Without <paramref name="similarityWanted"/>, <paramref name="bestSimilarity"/> is not worked out, and a template
    /// is dropped at the first plain word the line contradicts it with (it can neither cover nor join the line).
    /// </remarks>
    private LogTemplate? Search(ReadOnlySpan<LineToken> line, bool similarityWanted, out double bestSimilarity) =>
        SearchRoute(line, similarityWanted, 0, out bestSimilarity) ?? FindCovering(line);

    /// <summary>
    /// The template a line no template takes differs from in one plain word only (its routing tokens agreeing), by
    /// Drain's rule otherwise; null when there is none. Only judging asks: learning keeps such a line apart until the
    /// place shows it varies.
    /// </summary>
    internal LogTemplate? OneWordAway(ReadOnlySpan<LineToken> line) => SearchRoute(line, similarityWanted: false, 1, out _);

    // The leaves the line's first tokens route it to (none where no template has its length).
    private LogTemplate? SearchRoute(ReadOnlySpan<LineToken> line, bool similarityWanted, int wordConflictsAllowed, out double bestSimilarity)
    {
        bestSimilarity = 0;
        return _roots.TryGetValue(line.Length, out var root)
            ? Search(root, line, 0, Math.Min(Options.Depth - 2, line.Length), similarityWanted, wordConflictsAllowed, ref bestSimilarity)
            : null;
    }

    /// <summary>
    /// A template of the line's length that covers it though routing does not reach it (its routing token became a
    /// variable through a merge); the one with most constants, of those the oldest. Only templates with a variable
    /// among their routing tokens are looked at: one with constants there sits on the route of every line it covers,
    /// since tree nodes are never removed and a token's child either existed when the template was made or never will
    /// (the node was full), so the routed search already looked at it.
    /// </summary>
    private LogTemplate? FindCovering(ReadOnlySpan<LineToken> line)
    {
        LogTemplate? covering = null;
        var coveringConstants = -1;
        if (!_offRoute.TryGetValue(line.Length, out var candidates))
        {
            return null;
        }

        foreach (var template in candidates)
        {
            var constants = template.Hashes.Length - template.VariableCount;
            if ((constants > coveringConstants || (constants == coveringConstants && template.Id < covering!.Id)) && Fits(template, line))
            {
                covering = template;
                coveringConstants = constants;
            }
        }

        return covering;
    }

    /// <summary>Lists <paramref name="template"/> for <see cref="FindCovering"/> once a routing token of it is a variable.</summary>
    private void NoteRoute(LogTemplate template)
    {
        if (template.OffRoute)
        {
            return;
        }

        var routed = Math.Min(Options.Depth - 2, template.Hashes.Length);
        if (template.Hashes.AsSpan(0, routed).Contains(LineToken.Wildcard))
        {
            if (!_offRoute.TryGetValue(template.Hashes.Length, out var list))
            {
                _offRoute.Add(template.Hashes.Length, list = []);
            }

            list.Add(template);
            template.OffRoute = true;
        }
    }

    /// <summary>Takes a template that goes away off the <see cref="FindCovering"/> list.</summary>
    private void ForgetRoute(LogTemplate template)
    {
        if (template.OffRoute)
        {
            _offRoute[template.Hashes.Length].Remove(template);
            template.OffRoute = false;
        }
    }

    private LogTemplate? Search(
        PrefixNode node, ReadOnlySpan<LineToken> line, int level, int routed, bool similarityWanted, int wordConflictsAllowed, ref double bestSimilarity)
    {
        if (level == routed)
        {
            var found = BestMatch(node, line, similarityWanted, wordConflictsAllowed, out var similarity);
            bestSimilarity = Math.Max(bestSimilarity, similarity);
            return found;
        }

        var hash = line[level].Hash;
        if (hash != LineToken.Wildcard && node.Children.TryGetValue(hash, out var child)
            && Search(child, line, level + 1, routed, similarityWanted, wordConflictsAllowed, ref bestSimilarity) is { } exact)
        {
            return exact;
        }

        return node.Wildcard is null ? null : Search(node.Wildcard, line, level + 1, routed, similarityWanted, wordConflictsAllowed, ref bestSimilarity);
    }

    /// <summary>
    /// The leaf's best template for the line: a template that already covers the line (most constants agreeing)
    /// wins, since joining it needs no generalisation; otherwise Drain's rule, the most constants agreeing with the
    /// line (ties: more variables), if that share reaches the threshold, among templates whose constants the line
    /// contradicts only with masked variables (a different plain word is left to <see cref="Consolidate"/>).
    /// <paramref name="bestSimilarity"/> reports the best share over all templates when <paramref name="similarityWanted"/>.
    /// </summary>
    private LogTemplate? BestMatch(PrefixNode leaf, ReadOnlySpan<LineToken> line, bool similarityWanted, int wordConflictsAllowed, out double bestSimilarity)
    {
        LogTemplate? best = null;
        LogTemplate? covering = null;
        bestSimilarity = 0;
        var bestEligible = -1.0;
        var bestVariables = -1;
        var coveringSame = -1;
        foreach (var template in leaf.Templates)
        {
            var same = 0;
            var variables = 0;
            var wordConflicts = 0;
            var hashes = template.Hashes;
            for (var i = 0; i < hashes.Length; i++)
            {
                if (hashes[i] == LineToken.Wildcard)
                {
                    variables++;
                }
                else if (hashes[i] == line[i].Hash)
                {
                    same++;
                }
                else if (!line[i].IsVariable)
                {
                    wordConflicts++;
                    if (!similarityWanted && wordConflicts > wordConflictsAllowed)
                    {
                        break;
                    }
                }
            }

            if (wordConflicts > wordConflictsAllowed && !similarityWanted)
            {
                continue;
            }

            if (same + variables == hashes.Length && same > coveringSame)
            {
                covering = template;
                coveringSame = same;
            }

            var similarity = line.Length == 0 ? 1.0 : (double)same / line.Length;
            bestSimilarity = Math.Max(bestSimilarity, similarity);
            if (wordConflicts <= wordConflictsAllowed && (similarity > bestEligible || (similarity == bestEligible && variables > bestVariables)))
            {
                best = template;
                bestEligible = similarity;
                bestVariables = variables;
            }
        }

        if (covering is not null)
        {
            bestSimilarity = 1.0;
            return covering;
        }

        return bestEligible >= Options.SimilarityThreshold ? best : null;
    }
}
