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

    private readonly LineTokenizer _tokenizer;
    private readonly Dictionary<int, PrefixNode> _roots = [];
    private readonly Dictionary<int, LogTemplate> _live = [];
    private readonly Dictionary<int, LogTemplate> _aliases = [];
    private readonly Dictionary<ulong, LogTemplate> _bySignature = [];
    private readonly Dictionary<ulong, CachedRoute> _lineCache = [];
    private readonly TemplateLru _lru = new();
    private int _generation;

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
        if (_lineCache.TryGetValue(signature, out var cached) && cached.Generation == _generation && Fits(cached.Template, line))
        {
            template = cached.Template;
        }
        else
        {
            var best = Search(line, out _);
            if (best is null)
            {
                template = Create(message, line);
            }
            else
            {
                template = best;
                var oldSignature = template.Signature;
                if (template.Generalise(line))
                {
                    _generation++;
                    if (_bySignature.TryGetValue(oldSignature, out var indexed) && indexed == template)
                    {
                        _bySignature.Remove(oldSignature);
                    }

                    template = MergeIfDuplicate(template);
                }
            }

            if (_lineCache.Count >= LineCacheLimit)
            {
                _lineCache.Clear();
            }

            _lineCache[signature] = new CachedRoute(template, _generation);
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
        if (_lineCache.TryGetValue(LineSignature(line), out var cached) && cached.Generation == _generation && Fits(cached.Template, line))
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
                text.Append(LogTemplate.Variable);
            }
            else
            {
                text.Append(message, token.Start, token.Length);
            }

            at = token.End;
        }

        text.Append(message, at, message.Length - at);
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
        return _roots.TryGetValue(line.Length, out var root)
            ? Search(root, line, 0, Math.Min(Options.Depth - 2, line.Length), ref bestSimilarity)
            : null;
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
    /// line (ties: more variables), if that share reaches the threshold.
    /// </summary>
    private LogTemplate? BestMatch(PrefixNode leaf, ReadOnlySpan<LineToken> line, out double bestSimilarity)
    {
        LogTemplate? best = null;
        LogTemplate? covering = null;
        bestSimilarity = 0;
        var bestVariables = -1;
        var coveringSame = -1;
        foreach (var template in leaf.Templates)
        {
            var same = 0;
            var variables = 0;
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
            }

            if (same + variables == hashes.Length && same > coveringSame)
            {
                covering = template;
                coveringSame = same;
            }

            var similarity = line.Length == 0 ? 1.0 : (double)same / line.Length;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && variables > bestVariables))
            {
                best = template;
                bestSimilarity = similarity;
                bestVariables = variables;
            }
        }

        if (covering is not null)
        {
            bestSimilarity = 1.0;
            return covering;
        }

        return bestSimilarity >= Options.SimilarityThreshold ? best : null;
    }

    private LogTemplate Create(string message, ReadOnlySpan<LineToken> line)
    {
        var tokens = new string[line.Length];
        var gaps = new string[line.Length + 1];
        var at = 0;
        for (var i = 0; i < line.Length; i++)
        {
            gaps[i] = message[at..line[i].Start];
            tokens[i] = line[i].IsVariable ? LogTemplate.Variable : message.Substring(line[i].Start, line[i].Length);
            at = line[i].End;
        }

        gaps[^1] = message[at..];
        var template = new LogTemplate(NextId++, tokens, gaps, 0);

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
        _generation++;
        return MergeIfDuplicate(template);
    }

    private LogTemplate MergeIfDuplicate(LogTemplate template)
    {
        var signature = template.Signature;
        if (!_bySignature.TryGetValue(signature, out var other) || other == template || !other.SameTokens(template))
        {
            _bySignature.TryAdd(signature, template);
            return template;
        }

        var (survivor, absorbed) = other.Id < template.Id ? (other, template) : (template, other);
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
        _aliases[absorbed.Id] = survivor;
        survivor.AliasIds.Add(absorbed.Id);
        foreach (var alias in absorbed.AliasIds)
        {
            _aliases[alias] = survivor;
            survivor.AliasIds.Add(alias);
        }

        absorbed.AliasIds.Clear();
        _bySignature[signature] = survivor;
        _generation++;
        return survivor;
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
            var signature = victim.Signature;
            if (_bySignature.TryGetValue(signature, out var indexed) && indexed == victim)
            {
                _bySignature.Remove(signature);
            }

            foreach (var alias in victim.AliasIds)
            {
                _aliases.Remove(alias);
            }

            _generation++;
        }
    }

    private readonly record struct CachedRoute(LogTemplate Template, int Generation);
}
