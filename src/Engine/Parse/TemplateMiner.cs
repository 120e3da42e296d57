using Lad.Engine.Persistence;

namespace Lad.Engine.Parse;

/// <summary>
/// Streaming log template miner (Drain-style): lines are masked and tokenised, routed through a prefix tree by
/// token count and leading tokens, and joined to the most similar template at the leaf, which generalises to
/// cover them; templates that become identical merge (the older id survives, the other stays an alias).
/// <see cref="Learn"/> changes the miner and must not run concurrently with anything; <see cref="Match"/> never
/// changes it, allocates nothing and may run on many threads at once while nobody learns.
/// </summary>
public sealed class TemplateMiner
{
    private const int LineCacheLimit = 1 << 16;

    /// <summary>Lines are mined on at most this many leading characters, bounding the per-thread token buffer.</summary>
    internal const int MaxLineChars = 1 << 15;

    private readonly LineTokenizer _tokenizer;
    private readonly Dictionary<int, PrefixNode> _roots = [];
    private readonly Dictionary<int, LogTemplate> _live = [];
    private readonly Dictionary<int, LogTemplate> _aliases = [];
    private readonly Dictionary<ulong, LogTemplate> _bySignature = [];
    private readonly Dictionary<int, List<LogTemplate>> _byLength = [];
    private readonly Dictionary<ulong, CachedRoute> _lineCache = [];
    private readonly TemplateLru _lru = new();

    /// <summary>Creates an empty miner.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public TemplateMiner(MinerOptions? options = null)
    {
        Options = options ?? new MinerOptions();
        Options.Validate();
        _tokenizer = new LineTokenizer(Options.Masking);
    }

    /// <summary>The settings this miner runs with.</summary>
    public MinerOptions Options { get; }

    /// <summary>The live templates (merged and evicted ones excluded).</summary>
    public IReadOnlyCollection<LogTemplate> Templates => _live.Values;

    /// <summary>Number of live templates.</summary>
    public int TemplateCount => _live.Count;

    /// <summary>The id the next new template gets.</summary>
    internal int NextId { get; private set; } = 1;

    /// <summary>
    /// Learns one line: joins it to the most similar template (generalising it) or starts a new one, counts it and
    /// marks the template most recently used; evicts the least recently used template beyond the cap.
    /// </summary>
    public LogTemplate Learn(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = TokenizeInto(message);
        var signature = LineSignature(line);
        LogTemplate template;
        if (_lineCache.TryGetValue(signature, out var cached) && cached.Generation == GenerationOf(line.Length) && Fits(cached.Template, line))
        {
            template = cached.Template;
        }
        else
        {
            var best = Search(line, out _);
            if (best is null)
            {
                template = Consolidate(Create(message, line));
            }
            else
            {
                template = best;
                Unindex(template);
                if (template.Generalise(line))
                {
                    Changed(line.Length);
                }

                template = MergeIfDuplicate(template);
            }

            if (_lineCache.Count >= LineCacheLimit)
            {
                _lineCache.Clear();
            }

            _lineCache[signature] = new CachedRoute(template, GenerationOf(line.Length));
        }

        template.Count++;
        _lru.Touch(template);
        EvictBeyondCap();
        return template;
    }

    /// <summary>
    /// Finds the template a line belongs to without changing anything. Known when a template reaches the similarity
    /// threshold; <see cref="TemplateMatch.Similarity"/> is then the share of positions the template covers.
    /// </summary>
    public TemplateMatch Match(ReadOnlySpan<char> message)
    {
        var line = TokenizeInto(message);
        if (_lineCache.TryGetValue(LineSignature(line), out var cached) && cached.Generation == GenerationOf(line.Length) && Fits(cached.Template, line))
        {
            return new TemplateMatch(cached.Template.Id, 1.0);
        }

        var best = Search(line, out var similarity);
        return best is null ? new TemplateMatch(0, similarity) : new TemplateMatch(best.Id, Coverage(best, line));
    }

    /// <summary>The live template with this id, following merge aliases; null when unknown or evicted.</summary>
    public LogTemplate? GetTemplate(int id) =>
        _live.TryGetValue(id, out var template) || _aliases.TryGetValue(id, out template) ? template : null;

    /// <summary>The line's masked form: its text with every variable replaced by <c>&lt;*&gt;</c>.</summary>
    public string MaskedText(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = TokenizeInto(message);
        var text = new System.Text.StringBuilder(message.Length);
        var at = 0;
        foreach (var token in line)
        {
            text.Append(message, at, token.Start - at);
            if (token.IsVariable)
            {
                _tokenizer.ShowVariable(message.AsSpan(token.Start, token.Length), text);
            }
            else
            {
                text.Append(message, token.Start, token.Length);
            }

            at = token.End;
        }

        text.Append(message, at, Math.Max(0, Math.Min(message.Length, MaxLineChars) - at));
        return text.ToString().Trim();
    }

    /// <summary>The line's masked tokens (variables as <c>&lt;*&gt;</c>).</summary>
    public IReadOnlyList<string> Tokenize(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = TokenizeInto(message);
        var tokens = new string[line.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = line[i].IsVariable ? LogTemplate.Variable : message.Substring(line[i].Start, line[i].Length);
        }

        return tokens;
    }

    /// <summary>
    /// The line's values at the template's <c>&lt;*&gt;</c> positions, in order; empty when the line does not have
    /// the template's shape (different token count).
    /// </summary>
    public IReadOnlyList<string> ExtractParameters(string message, LogTemplate template)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(template);
        var line = TokenizeInto(message);
        if (line.Length != template.Hashes.Length)
        {
            return [];
        }

        var values = new List<string>();
        for (var i = 0; i < line.Length; i++)
        {
            if (template.Hashes[i] == LineToken.Wildcard)
            {
                values.Add(message.Substring(line[i].Start, line[i].Length));
            }
        }

        return values;
    }

    /// <summary>Saves the miner in a <see cref="ModelFile"/> container of kind <c>miner</c>.</summary>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ModelFile.Write(destination, MinerSerializer.Kind, writer => MinerSerializer.Write(this, writer));
    }

    /// <summary>Loads a miner saved by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a miner, is corrupt, truncated, or from a newer LAD.</exception>
    public static TemplateMiner Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return MinerSerializer.Read(ModelFile.Read(source, MinerSerializer.Kind));
    }

    /// <summary>Templates from least to most recently used (save order).</summary>
    internal IEnumerable<LogTemplate> TemplatesOldestFirst()
    {
        for (var t = _lru.Oldest; t is not null; t = t.Newer)
        {
            yield return t;
        }
    }

    /// <summary>Merge aliases: old id to the id of the template that absorbed it.</summary>
    internal IEnumerable<KeyValuePair<int, LogTemplate>> Aliases => _aliases;

    /// <summary>The tree roots by token count.</summary>
    internal IReadOnlyDictionary<int, PrefixNode> Roots => _roots;

    /// <summary>Rebuilds state while loading: templates oldest first, then aliases, then the tree.</summary>
    internal void Restore(int nextId, IEnumerable<LogTemplate> oldestFirst, IEnumerable<(int Alias, int Target)> aliases, IEnumerable<(int Length, PrefixNode Root)> roots)
    {
        NextId = nextId;
        foreach (var template in oldestFirst)
        {
            _live.Add(template.Id, template);
            _bySignature.TryAdd(template.Signature, template);
            _lru.Touch(template);
        }

        foreach (var template in _live.Values.OrderBy(t => t.Id))
        {
            PeersOf(template.Hashes.Length).Add(template);
        }

        foreach (var (alias, target) in aliases)
        {
            var survivor = _live[target];
            _aliases.Add(alias, survivor);
            survivor.AliasIds.Add(alias);
        }

        foreach (var (length, root) in roots)
        {
            _roots.Add(length, root);
        }
    }

    private ReadOnlySpan<LineToken> TokenizeInto(ReadOnlySpan<char> message)
    {
        if (message.Length > MaxLineChars)
        {
            message = message[..MaxLineChars];
        }

        var buffer = TokenBuffer.Rent(message.Length);
        var count = _tokenizer.Tokenize(message, buffer);
        return buffer.AsSpan(0, count);
    }

    private static ulong LineSignature(ReadOnlySpan<LineToken> line)
    {
        var signature = (ulong)line.Length;
        foreach (var token in line)
        {
            signature = TokenHash.Combine(signature, token.Hash);
        }

        return signature;
    }

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
    private LogTemplate? Search(ReadOnlySpan<LineToken> line, out double bestSimilarity)
    {
        bestSimilarity = 0;
        if (!_roots.TryGetValue(line.Length, out var root))
        {
            return null;
        }

        return Search(root, line, 0, Math.Min(Options.Depth - 2, line.Length), ref bestSimilarity) ?? FindCovering(line);
    }

    /// <summary>
    /// A template of the line's length that covers it though routing does not reach it (its routing token became a
    /// variable through a merge); the one with most constants.
    /// </summary>
    private LogTemplate? FindCovering(ReadOnlySpan<LineToken> line)
    {
        LogTemplate? covering = null;
        var coveringConstants = -1;
        if (!_byLength.TryGetValue(line.Length, out var peers))
        {
            return null;
        }

        foreach (var template in peers)
        {
            var constants = template.Hashes.Length - template.VariableCount;
            if (constants > coveringConstants && Fits(template, line))
            {
                covering = template;
                coveringConstants = constants;
            }
        }

        return covering;
    }

    private LogTemplate? Search(PrefixNode node, ReadOnlySpan<LineToken> line, int level, int routed, ref double bestSimilarity)
    {
        if (level == routed)
        {
            var found = BestMatch(node, line, out var similarity);
            bestSimilarity = Math.Max(bestSimilarity, similarity);
            return found;
        }

        var hash = line[level].Hash;
        if (hash != LineToken.Wildcard && node.Children.TryGetValue(hash, out var child)
            && Search(child, line, level + 1, routed, ref bestSimilarity) is { } exact)
        {
            return exact;
        }

        return node.Wildcard is null ? null : Search(node.Wildcard, line, level + 1, routed, ref bestSimilarity);
    }

    /// <summary>
    /// The leaf's best template for the line: a template that already covers the line (most constants agreeing)
    /// wins, since joining it needs no generalisation; otherwise Drain's rule, the most constants agreeing with the
    /// line (ties: more variables), if that share reaches the threshold, among templates whose constants the line
    /// contradicts only with masked variables (a different plain word is left to <see cref="Consolidate"/>).
    /// <paramref name="bestSimilarity"/> reports the best share over all templates.
    /// </summary>
    private LogTemplate? BestMatch(PrefixNode leaf, ReadOnlySpan<LineToken> line, out double bestSimilarity)
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
                }
            }

            if (same + variables == hashes.Length && same > coveringSame)
            {
                covering = template;
                coveringSame = same;
            }

            var similarity = line.Length == 0 ? 1.0 : (double)same / line.Length;
            bestSimilarity = Math.Max(bestSimilarity, similarity);
            if (wordConflicts == 0 && (similarity > bestEligible || (similarity == bestEligible && variables > bestVariables)))
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

    private LogTemplate Create(string message, ReadOnlySpan<LineToken> line)
    {
        var tokens = new string[line.Length];
        var gaps = new string[line.Length + 1];
        var shown = new string[line.Length];
        var at = 0;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            gaps[i] = message[at..line[i].Start];
            tokens[i] = line[i].IsVariable ? LogTemplate.Variable : message.Substring(line[i].Start, line[i].Length);
            if (line[i].IsVariable)
            {
                _tokenizer.ShowVariable(message.AsSpan(line[i].Start, line[i].Length), text.Clear());
                shown[i] = text.ToString();
            }
            else
            {
                shown[i] = tokens[i];
            }

            at = line[i].End;
        }

        gaps[^1] = message[at..Math.Max(at, Math.Min(message.Length, MaxLineChars))];
        var template = new LogTemplate(NextId++, tokens, gaps, shown, 0);

        if (!_roots.TryGetValue(line.Length, out var node))
        {
            node = new PrefixNode();
            _roots.Add(line.Length, node);
        }

        var routed = Math.Min(Options.Depth - 2, line.Length);
        for (var i = 0; i < routed; i++)
        {
            node = node.GetOrAdd(line[i].Hash, Options.MaxChildren);
        }

        node.Templates.Add(template);
        template.Leaves.Add(node);
        _live.Add(template.Id, template);
        PeersOf(line.Length).Add(template);
        Changed(line.Length);
        return MergeIfDuplicate(template);
    }

    /// <summary>
    /// After a new template is created: an older template that already covers it absorbs it; otherwise, when enough
    /// templates differ from it in one plain word only (<see cref="MinerOptions.DistinctValuesForVariable"/>), that
    /// position is a variable and they all merge into the oldest.
    /// </summary>
    private LogTemplate Consolidate(LogTemplate fresh)
    {
        if (fresh.Hashes.Length == 0)
        {
            return fresh;
        }

        var peers = _byLength[fresh.Hashes.Length];
        LogTemplate? covering = null;
        foreach (var peer in peers)
        {
            if (peer != fresh && peer.Covers(fresh) && (covering is null || peer.VariableCount < covering.VariableCount))
            {
                covering = peer;
            }
        }

        if (covering is not null)
        {
            return Absorb(covering, fresh);
        }

        // Siblings must still be similar enough by Drain's measure, so one-word lines ("normal", "warning") or
        // "word <*>" lines never merge on their only constant.
        var sharedConstants = fresh.Hashes.Length - fresh.VariableCount - 1;
        var sharedEnough = (double)sharedConstants / fresh.Hashes.Length >= Options.SimilarityThreshold;
        var siblings = new Dictionary<int, List<LogTemplate>>();
        foreach (var peer in peers)
        {
            if (peer != fresh && SingleWordDifference(peer, fresh) is var position and >= 0 && sharedEnough)
            {
                if (!siblings.TryGetValue(position, out var group))
                {
                    siblings.Add(position, group = []);
                }

                group.Add(peer);
            }
        }

        List<LogTemplate>? largest = null;
        foreach (var group in siblings.Values)
        {
            if (largest is null || group.Count > largest.Count)
            {
                largest = group;
            }
        }

        if (largest is null || largest.Count + 1 < Options.DistinctValuesForVariable)
        {
            return fresh;
        }

        largest.Add(fresh);
        var survivor = largest[0];
        foreach (var member in largest)
        {
            survivor = member.Id < survivor.Id ? member : survivor;
        }

        Unindex(survivor);
        foreach (var member in largest)
        {
            survivor.Generalise(member);
        }

        foreach (var member in largest)
        {
            if (member != survivor)
            {
                Absorb(survivor, member);
            }
        }

        Changed(survivor.Hashes.Length);
        return MergeIfDuplicate(survivor);
    }

    /// <summary>
    /// The one position where both templates hold different plain words, when they agree everywhere else;
    /// otherwise -1.
    /// </summary>
    private static int SingleWordDifference(LogTemplate a, LogTemplate b)
    {
        var position = -1;
        for (var i = 0; i < a.Hashes.Length; i++)
        {
            var x = a.Hashes[i];
            var y = b.Hashes[i];
            if (x != y)
            {
                if (position >= 0 || x == LineToken.Wildcard || y == LineToken.Wildcard)
                {
                    return -1;
                }

                position = i;
            }
        }

        return position;
    }

    private LogTemplate MergeIfDuplicate(LogTemplate template)
    {
        var signature = template.Signature;
        if (!_bySignature.TryGetValue(signature, out var other) || other == template || !other.SameTokens(template))
        {
            _bySignature.TryAdd(signature, template);
            return template;
        }

        var survivor = other.Id < template.Id ? Absorb(other, template) : Absorb(template, other);
        _bySignature[signature] = survivor;
        return survivor;
    }

    /// <summary>Merges <paramref name="absorbed"/> into <paramref name="survivor"/>; its id becomes an alias.</summary>
    private LogTemplate Absorb(LogTemplate survivor, LogTemplate absorbed)
    {
        Unindex(absorbed);
        survivor.Count += absorbed.Count;
        foreach (var leaf in absorbed.Leaves)
        {
            var at = leaf.Templates.IndexOf(absorbed);
            if (leaf.Templates.Contains(survivor))
            {
                leaf.Templates.RemoveAt(at);
            }
            else
            {
                leaf.Templates[at] = survivor;
                survivor.Leaves.Add(leaf);
            }
        }

        absorbed.Leaves.Clear();
        _live.Remove(absorbed.Id);
        _lru.Remove(absorbed);
        _byLength[absorbed.Hashes.Length].Remove(absorbed);
        _aliases[absorbed.Id] = survivor;
        survivor.AliasIds.Add(absorbed.Id);
        foreach (var alias in absorbed.AliasIds)
        {
            _aliases[alias] = survivor;
            survivor.AliasIds.Add(alias);
        }

        absorbed.AliasIds.Clear();
        Changed(absorbed.Hashes.Length);
        return survivor;
    }

    /// <summary>Removes a template from the duplicate index (before its tokens change or it goes away).</summary>
    private void Unindex(LogTemplate template)
    {
        var signature = template.Signature;
        if (_bySignature.TryGetValue(signature, out var indexed) && indexed == template)
        {
            _bySignature.Remove(signature);
        }
    }

    private List<LogTemplate> PeersOf(int length)
    {
        if (!_byLength.TryGetValue(length, out var peers))
        {
            _byLength.Add(length, peers = []);
        }

        return peers;
    }

    private void EvictBeyondCap()
    {
        while (_live.Count > Options.MaxTemplates && _lru.Oldest is { } victim)
        {
            _lru.Remove(victim);
            _live.Remove(victim.Id);
            foreach (var leaf in victim.Leaves)
            {
                leaf.Templates.Remove(victim);
            }

            victim.Leaves.Clear();
            Unindex(victim);
            _byLength[victim.Hashes.Length].Remove(victim);

            foreach (var alias in victim.AliasIds)
            {
                _aliases.Remove(alias);
            }

            Changed(victim.Hashes.Length);
        }
    }

    /// <summary>
    /// The version of the templates of one line length. A cached route stays valid while it is unchanged, since a
    /// line's search only ever sees templates of its own length.
    /// </summary>
    private int GenerationOf(int length) => _roots.TryGetValue(length, out var root) ? root.Generation : -1;

    private void Changed(int length) => _roots[length].Generation++;

    private readonly record struct CachedRoute(LogTemplate Template, int Generation);
}
