using Lad.Engine.Persistence;

namespace Lad.Engine.Parse;

/// <summary>
/// Streaming log template miner (Drain-style, with evidence for plain-word variables): lines are masked and
/// tokenised (<see cref="LineTokenizer"/>), routed through a prefix tree by token count and leading tokens, and
/// joined to the template that already covers them or, by Drain's similarity, to one they contradict only with
/// masked variables; that template generalises. A line that differs from templates in one plain word starts its own
/// template until <see cref="MinerOptions.DistinctValuesForVariable"/> such siblings exist, which then merge.
/// Merges keep the oldest id; the other ids stay aliases (<see cref="GetTemplate"/>).
/// <see cref="Learn"/> changes the miner and must not run concurrently with anything; <see cref="Match"/> never
/// changes it, allocates nothing and may run on many threads at once while nobody learns.
/// </summary>
public sealed partial class TemplateMiner : ITemplateMatcher
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

    /// <summary>By line length, the templates with a variable among their routing tokens (see <see cref="FindCovering"/>).</summary>
    private readonly Dictionary<int, List<LogTemplate>> _offRoute = [];
    private readonly Dictionary<ulong, CachedRoute> _lineCache = [];
    private readonly TemplateLru _lru = new();

    /// <summary>Reused by <see cref="Consolidate"/>: the templates that differ from a fresh one in one word, and where.</summary>
    private readonly List<(int Position, LogTemplate Peer)> _siblings = [];

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
    /// Learns one line: joins it to its best template (generalising it) or starts a new one (which may complete a
    /// set of siblings that merge), counts it and marks the template most recently used; evicts the least recently
    /// used template beyond <see cref="MinerOptions.MaxTemplates"/>. Returns the template the line ended in.
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
            var best = Search(line, similarityWanted: false, out _);
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
                    NoteRoute(template);
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
    /// Finds the template a line belongs to without changing anything: the one <see cref="Learn"/> would join, if any;
    /// <see cref="TemplateMatch.Similarity"/> is then the share of positions the template covers (1 for a line of a
    /// learned shape), otherwise the best share of equal constants found.
    /// </summary>
    public TemplateMatch Match(ReadOnlySpan<char> message) => MatchTokens(TokenizeInto(message));

    /// <summary>
    /// The tokens of <paramref name="message"/>, for <see cref="MatchWithParameters"/>
    /// on this miner or on another that masks alike (a copy of it); valid until a line is tokenised again on this thread.
    /// </summary>
    internal ReadOnlySpan<LineToken> TokensOf(string message) => TokenizeInto(message);

    /// <summary>
    /// As <see cref="Match"/> for a line already tokenised by this miner or one that masks as it does
    /// (<see cref="TokensOf"/>), with where each parameter <see cref="ExtractParameters"/> would give for the template
    /// matched sits in the line (into <paramref name="parameters"/>, emptied first), making no string: training
    /// profiles every line so, and two miners can profile a line for one tokenising.
    /// </summary>
    internal TemplateMatch MatchWithParameters(ReadOnlySpan<LineToken> line, List<Range> parameters)
    {
        parameters.Clear();
        var match = MatchTokens(line);
        if (match.IsKnown && GetTemplate(match.TemplateId) is { } template && line.Length == template.Hashes.Length)
        {
            AddParameterRanges(line, template, parameters, mismatches: null);
        }

        return match;
    }

    private TemplateMatch MatchTokens(ReadOnlySpan<LineToken> line)
    {
        if (_lineCache.TryGetValue(LineSignature(line), out var cached) && cached.Generation == GenerationOf(line.Length) && Fits(cached.Template, line))
        {
            return new TemplateMatch(cached.Template.Id, 1.0);
        }

        var best = Search(line, similarityWanted: true, out var similarity);
        return best is null ? new TemplateMatch(0, similarity) : new TemplateMatch(best.Id, Coverage(best, line));
    }

    /// <inheritdoc />
    public int TemplateIdOf(string message) => Match(message).TemplateId;

    /// <inheritdoc />
    public string? TextOf(int templateId) => GetTemplate(templateId)?.Text;

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
        AddParameters(message, line, template, values);
        return values;
    }

    /// <summary>Adds the tokens of <paramref name="line"/> (of <paramref name="template"/>'s length) at its wildcards.</summary>
    private static void AddParameters(string message, ReadOnlySpan<LineToken> line, LogTemplate template, List<string> values)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (template.Hashes[i] == LineToken.Wildcard)
            {
                values.Add(message.Substring(line[i].Start, line[i].Length));
            }
        }
    }

    /// <summary>
    /// The template <see cref="Match"/> finds (null for an unknown line) for a line already tokenised by this miner or
    /// one that masks as it does (<see cref="TokensOf"/>), and where each of its parameters (as
    /// <see cref="ExtractParameters"/> gives them) sits in the line, into <paramref name="ranges"/>: scoring judges
    /// parameters where they sit, without making strings of them. Where the line differs from the template at a
    /// constant token (matching tolerates a few), the line's token and its index in <see cref="LogTemplate.Tokens"/> go
    /// into <paramref name="mismatches"/>. Both lists are emptied first, and left empty when the line does not fit a
    /// template. <paramref name="constantsExact"/> tells whether the line holds every constant token of the template as
    /// it is (as many tokens, no mismatch, no masked variable in a constant's place), so that all it holds beyond the
    /// template's constants lies in <paramref name="ranges"/>.
    /// </summary>
    internal LogTemplate? MatchWithParameterRanges(
        ReadOnlySpan<LineToken> line, List<Range> ranges, List<(Range Found, int Token)> mismatches, out bool constantsExact)
    {
        ranges.Clear();
        mismatches.Clear();
        constantsExact = false;
        var match = MatchTokens(line);
        // A line one word away from a template is judged as that template's line with a word its place never held.
        var template = match.IsKnown ? GetTemplate(match.TemplateId) : OneWordAway(line);
        if (template is not null && line.Length == template.Hashes.Length)
        {
            constantsExact = AddParameterRanges(line, template, ranges, mismatches);
        }

        return template;
    }

    /// <summary>
    /// Adds where the tokens of <paramref name="line"/> (of <paramref name="template"/>'s length) at its wildcards sit,
    /// and, unless <paramref name="mismatches"/> is null, where it contradicts a constant. Returns whether every
    /// constant of the template is in the line as it is.
    /// </summary>
    private static bool AddParameterRanges(ReadOnlySpan<LineToken> line, LogTemplate template, List<Range> ranges, List<(Range Found, int Token)>? mismatches)
    {
        var exact = true;
        for (var i = 0; i < line.Length; i++)
        {
            if (template.Hashes[i] == LineToken.Wildcard)
            {
                ranges.Add(new Range(line[i].Start, line[i].End));
            }
            else if (line[i].Hash != template.Hashes[i])
            {
                exact = false;
                if (mismatches is not null && !line[i].IsVariable)
                {
                    mismatches.Add((new Range(line[i].Start, line[i].End), i));
                }
            }
        }

        return exact;
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
            NoteRoute(template);
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


    /// <summary>
    /// The version of the templates of one line length. A cached route stays valid while it is unchanged, since a
    /// line's search only ever sees templates of its own length.
    /// </summary>
    private int GenerationOf(int length) => _roots.TryGetValue(length, out var root) ? root.Generation : -1;

    private void Changed(int length) => _roots[length].Generation++;

    private readonly record struct CachedRoute(LogTemplate Template, int Generation);
}
