using System.Globalization;
using Lad.Engine.Model.Default.Values;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Everything the default model learned from one host's history: the template miner, per-template profiles,
/// level shares and the semantic index. Read-only once built, so scoring is safe on many threads.
/// </summary>
internal sealed class HostProfile
{
    private const double RaritySmoothing = 1.0;

    /// <summary>A template making up this share of the history is routine: its rarity is 0.</summary>
    public const double RoutineShare = 0.01;
    /// <summary>
    /// Version 2: parameters hold value profiles (labels, sizes, identifiers) per value instead of counters. Version 3:
    /// templates count the programs that wrote them.
    /// </summary>
    private const int PayloadVersion = 3;

    private readonly TemplateMiner _miner;
    private readonly Dictionary<int, TemplateProfile> _templates;
    private readonly TemplateProfile[] _ordered;
    private readonly HostLevels _levels;
    private readonly SemanticIndex _semantic;
    // The templates' words by number, so a line's words are looked up once each.
    private readonly WordVocabulary _vocabulary;

    // What a word new to the host adds: its surprise, and the rate at which such a line is taken to come (see the constructor).
    private readonly double _newWordSurprise;
    private readonly double _newWordRarityRate;
    private readonly double _rarityScale;
    private readonly double _routineSurprise;
    // RarityOf(0): what a line of a template training never saw weighs as rarity.
    private readonly double _newTemplateRarity;
    private readonly ProgramNovelty _programNovelty;

    // How much a new line's likeness to each template (in _ordered's order) says it is normal: see LikenessWeight.
    private readonly float[] _likenessWeights;

    // A reason whose figures are fixed once the profile is built, formatted once instead of for every line.
    private string? _newTemplateReason;

    // Where the parameters of the line being scored sit, and where it differs from its template's constants; per
    // thread, since a profile scores on many.
    [ThreadStatic]
    private static List<Range>? _parameterRanges;

    [ThreadStatic]
    private static List<(Range Found, int Token)>? _mismatches;

    [ThreadStatic]
    private static List<Evidence>? _evidence;

    // Where the words of the line being scored can differ from its template's constant words (see WordSegments).
    [ThreadStatic]
    private static List<(int Start, int End)>? _wordSegments;

    // All the words of the first line of a template that shows its constant words.
    [ThreadStatic]
    private static LineWords? _constantLineWords;

    internal HostProfile(TemplateMiner miner, IEnumerable<TemplateProfile> templates, Dictionary<string, long> levels, long lines, SemanticIndex? semantic,
        IReadOnlyDictionary<string, long>? documentFrequency)
    {
        _miner = miner;
        _ordered = templates.OrderBy(t => t.TemplateId).ToArray();
        _templates = _ordered.ToDictionary(t => t.TemplateId);
        _levels = new HostLevels(levels, lines);
        Lines = lines;

        var templateWords = _ordered.Select(t => (IReadOnlyList<string>)WordExtractor.DistinctWords(t.Text)).ToList();
        _semantic = semantic ?? SemanticIndex.Build(documentFrequency!, lines, templateWords);
        _vocabulary = new WordVocabulary(_ordered);
        // Words new to the host are judged host-wide: where its lines bring them more often than the default alarm
        // budget allows, each counts that much less and makes its line that much less rare (the rate it is taken to come
        // at is raised as much), as a never-seen value does at one place (RoutineNovelty).
        var newWordRate = _vocabulary.NewWordRate;
        var newWordWeight = RoutineNovelty.Weight(lines, lines, newWordRate);
        _newWordSurprise = (1 - newWordRate) * newWordWeight;
        _newWordRarityRate = Math.Min(1, newWordRate / newWordWeight);
        _rarityScale = Math.Log((Lines + (RaritySmoothing * (_ordered.Length + 1))) / RaritySmoothing);
        _routineSurprise = _rarityScale > -Math.Log(RoutineShare) * 1.5 ? -Math.Log(RoutineShare) : 0;
        _likenessWeights = _ordered.Select((t, i) => (float)LikenessWeight(t, templateWords[i])).ToArray();
        foreach (var template in _ordered)
        {
            template.Rarity = RarityOf(template.Count);
            template.SeverityKept = _levels.KeptBy(template);
            template.WeighWords(lines);
            foreach (var parameter in template.Parameters)
            {
                parameter.WeighLabels(lines);
            }
        }

        _newTemplateRarity = RarityOf(0);
        _programNovelty = ProgramNovelty.Of(_ordered);
    }

    /// <summary>
    /// How much being like <paramref name="template"/> (whose words are <paramref name="words"/>) says a line of a new
    /// template is normal, in [0, 1]: fully for a routine template or a rare one without error words; less for a rare
    /// template with them, which the history may hold as an incident (a history that holds an incident must not make
    /// the incident's next variant look normal). The discount is the template's rarity (<see cref="RarityOf"/>) times
    /// the strength of its strongest error word. (Its level is left out: a rare WARN line is most hosts' routine.)
    /// </summary>
    private double LikenessWeight(TemplateProfile template, IReadOnlyList<string> words) =>
        1 - (StrongestErrorWord(words).Strength * RarityOf(template.Count));

    /// <summary>The strongest error word (<see cref="ErrorLexicon"/>) of <paramref name="words"/> and its strength, 0 for none.</summary>
    private static (double Strength, string Word) StrongestErrorWord(IReadOnlyList<string> words)
    {
        var (strength, strongest) = (0.0, string.Empty);
        foreach (var word in words)
        {
            var wordStrength = ErrorLexicon.StrengthOf(word);
            if (wordStrength > strength)
            {
                (strength, strongest) = (wordStrength, word);
            }
        }

        return (strength, strongest);
    }

    /// <summary>The reason of a new template's distance from the nearest template, <paramref name="index"/> in <see cref="_ordered"/>.</summary>
    private string DistanceReason(int index, double cosine, double likeness)
    {
        if (cosine - likeness < 0.005)
        {
            return $"its words are {1 - cosine:0.00} away (TF-IDF cosine {cosine:0.00}) from the nearest normal template";
        }

        var template = _ordered[index];
        var (_, word) = StrongestErrorWord(WordExtractor.DistinctWords(template.Text));
        return $"its words are {1 - likeness:0.00} away from the nearest normal template (TF-IDF cosine {cosine:0.00}, counting " +
               $"{_likenessWeights[index]:0.00} of it: that template is rare, {template.Count} of {Lines} training lines, and has the " +
               $"error word '{word}', so it may be an incident the history holds)";
    }

    /// <summary>How many lines were learned.</summary>
    public long Lines { get; }

    /// <summary>Learns the miner from every line, then profiles each line under its final template.</summary>
    public static HostProfile Fit(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken) =>
        Fit(history, out _, cancellationToken);

    /// <summary>
    /// As <see cref="Fit(IReadOnlyList{LogRecord}, CancellationToken)"/>, also giving each line's training template as
    /// <see cref="TemplateIdOf(LogRecord)"/> would, found by the profiling pass itself rather than by matching every line again.
    /// </summary>
    public static HostProfile Fit(IReadOnlyList<LogRecord> history, out int[] templateIds, CancellationToken cancellationToken)
    {
        var miner = new TemplateMiner();
        for (var i = 0; i < history.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            miner.Learn(history[i].Message);
        }

        // A second pass, because templates generalise and merge while learning: profiles must describe the final ones.
        var fitter = new HostProfileFitter(miner);
        var words = new LineWords();
        templateIds = new int[history.Count];
        for (var i = 0; i < history.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            WordExtractor.Extract(history[i].Message, words);
            templateIds[i] = fitter.Add(history[i], words);
        }

        return fitter.Complete();
    }

    /// <summary>How many templates the profile's miner learned.</summary>
    public int TemplatesLearned => _miner.TemplateCount;

    /// <summary>Weighs every evidence kind for one line; values <paramref name="accepted"/> accepts are no evidence.</summary>
    public LineAssessment Assess(LogRecord record, IAcceptedValues? accepted = null) => Build(Weigh(record, accepted, explain: true, nameValues: true), record);

    /// <summary>
    /// Weighs every evidence kind for one line as <see cref="Assess"/> does, but writes no reason and builds no
    /// assessment: a line whose score turns out routine costs no string, evidence array or assessment. An anomalous
    /// line's assessment comes from weighing it again with <see cref="Assess"/>, which is deterministic.
    /// </summary>
    public WeighedLine Weigh(LogRecord record, IAcceptedValues? accepted = null) => Weigh(record, accepted, explain: false, nameValues: false);

    /// <summary>
    /// As <see cref="Weigh(LogRecord, IAcceptedValues?)"/>, and names the never-seen value that makes the line rare
    /// (<see cref="WeighedLine.NeverSeenValue"/>): what calibration needs of a held-out line, without its reasons.
    /// </summary>
    /// <param name="record">The line.</param>
    /// <param name="tokens">The line's message tokenised by this profile's miner or one masking alike (<see cref="TokensOf"/>).</param>
    public WeighedLine WeighNamingValues(LogRecord record, ReadOnlySpan<LineToken> tokens) =>
        Weigh(record, tokens, accepted: null, explain: false, nameValues: true);

    /// <summary>
    /// The tokens of <paramref name="message"/> as this profile's miner reads them, for <see cref="WeighNamingValues"/>;
    /// valid until a line is tokenised again on this thread.
    /// </summary>
    internal ReadOnlySpan<LineToken> TokensOf(string message) => _miner.TokensOf(message);

    /// <summary>The text of the template <paramref name="line"/> (weighed from <paramref name="record"/>) matched, masked from the line where training never saw it.</summary>
    public string TemplateTextOf(in WeighedLine line, LogRecord record) => line.Profile?.Text ?? _miner.MaskedText(record.Message);

    // Without `explain`, reasons are left empty, and without `nameValues` values found are not copied out of the line
    // either: the evidence then only scores, and stays in this thread's buffer.
    private WeighedLine Weigh(LogRecord record, IAcceptedValues? accepted, bool explain, bool nameValues) =>
        Weigh(record, _miner.TokensOf(record.Message), accepted, explain, nameValues);

    private WeighedLine Weigh(LogRecord record, ReadOnlySpan<LineToken> tokens, IAcceptedValues? accepted, bool explain, bool nameValues)
    {
        var message = record.Message;
        // Where the line's parameters sit, and where it differs from its template's constants, found as it is matched.
        var ranges = _parameterRanges ??= [];
        var mismatches = _mismatches ??= [];
        var template = _miner.MatchWithParameterRanges(tokens, ranges, mismatches, out var constantsExact);
        var profile = template is not null && _templates.TryGetValue(template.Id, out var p) ? p : null;
        // A line holding its template's constants as they are has the constants' words, known: only its parameters'
        // words are read (all of them when explaining, for the reasons that quote one).
        var segments = _wordSegments ??= [];
        // A template found to need whole lines is not looked at again.
        var constants = profile is not null && profile.Constants?.Usable != false && constantsExact
                        && WordSegments.TryFind(message, ranges, segments)
            ? ConstantWordsOf(profile, message, segments)
            : null;
        // The thread's buffer: nothing below extracts words into it again before this line is assessed.
        var words = LineWords.OfThread();
        if (constants is not null && !explain)
        {
            WordExtractor.ExtractWithin(message, segments, words);
        }
        else
        {
            WordExtractor.Extract(message, words);
        }

        words.Identify(_vocabulary);
        // Gathered in the thread's list, kept as an array of the pieces found (most lines have one or two).
        var evidence = _evidence ??= new List<Evidence>(6);
        evidence.Clear();
        NeverSeen? neverSeen = null;

        var count = profile?.Count ?? 0;
        var frequency = Lines == 0 ? 0 : (double)count / Lines;
        string? nearest;
        if (profile is null)
        {
            Add(evidence, EvidenceKind.NewTemplate, 1, _newTemplateReason ??= $"template never seen in {Lines} training lines");
            var (index, cosine, likeness) = _semantic.Nearest(words, _likenessWeights);
            nearest = index >= 0 ? _ordered[index].Text : null;
            Add(evidence, EvidenceKind.SemanticDistance, 1 - likeness, !explain ? Unexplained : nearest is null
                ? "no training template shares a word with it"
                : DistanceReason(index, cosine, likeness));
        }
        else
        {
            nearest = profile.Text;
            neverSeen = AddUnusualValue(evidence, profile, template!, record, words, ranges, mismatches, accepted, explain, nameValues);
        }

        var levelSeverity = (Index: 0, Severity: 0.0);
        var knownLevel = record.Level is { Length: > 0 } lineLevel && _levels.TryGet(lineLevel, out levelSeverity);
        var levelBeyondHistory = AddUnseenLevel(evidence, record.Level, knownLevel, explain);

        var templateRarity = profile is null ? _newTemplateRarity : profile.Rarity;
        var rarity = templateRarity;
        // A line whose template is common but which holds a value its place never held, where training did not expect
        // even one such line (its template's count times the rate at which new values came there is below one: every
        // value recurred), is itself a line training never saw, as rare as that expected count says.
        var variantRarity = neverSeen is { } novel && count * novel.NewRate < 1 ? RarityOf(count * novel.NewRate) : 0;
        if (profile is not null && variantRarity > rarity)
        {
            rarity = variantRarity;
            Add(evidence, EvidenceKind.RareTemplate, rarity, !explain ? Unexplained :
                neverSeen!.Value.NewToHost
                    ? $"template seen {count} times in {Lines} training lines, never with '{neverSeen.Value.Value}' there, a word new to this host ({NewWordShare} of its lines brought one)"
                    : $"template seen {count} times in {Lines} training lines, never with '{neverSeen.Value.Value}' there (a new one came in {neverSeen.Value.NewRate.ToString("0.##%", CultureInfo.InvariantCulture)} of them)");
        }
        else if (profile is not null)
        {
            Add(evidence, EvidenceKind.RareTemplate, rarity,
                profile.RarityReason ??= $"template seen {count} times in {Lines} training lines ({frequency.ToString("0.####%", CultureInfo.InvariantCulture)})");
        }
        else
        {
            Add(evidence, EvidenceKind.RareTemplate, rarity, _newTemplateReason ??= $"template never seen in {Lines} training lines");
        }

        // Where the constants' words are known, a line is scored as the lines read on their parameters' words alone
        // are, explained or not, so explaining a line never moves its score.
        var strongest = -1;
        var vocabulary = constants is null
            ? ErrorLexicon.Score(words, _vocabulary, out strongest)
            : ErrorLexicon.Score(constants, words, _vocabulary, explain ? segments : null, out strongest);
        if (vocabulary > 0)
        {
            Add(evidence, EvidenceKind.ErrorVocabulary, vocabulary, explain ? $"error-like vocabulary ('{words.StringAt(strongest)}')" : Unexplained);
        }

        var weighedSeverity = 0.0;
        if (record.Level is { Length: > 0 } level)
        {
            // A level training never saw is softened only by the lines written at more severe ones.
            var severity = knownLevel ? levelSeverity.Severity : _levels.Softened(level);
            var kept = knownLevel && profile is not null ? profile.SeverityKept[levelSeverity.Index] : 1;
            weighedSeverity = severity;
            if (severity * kept > 0)
            {
                Add(evidence, EvidenceKind.Severity, severity * kept, !explain ? Unexplained
                    : kept < 1 ? _levels.RoutineTemplateReason(level, kept) : _levels.Reason(level));
            }
        }

        // Summed in the order found; only an assessment sorts its evidence (see Build), so scoring a line sorts nothing.
        var score = 0.0;
        foreach (var e in evidence)
        {
            score += e.Contribution;
        }

        return new WeighedLine(
            score, profile, count, frequency, nearest, variantRarity >= templateRarity && variantRarity > 0 ? neverSeen!.Value.Value : null, weighedSeverity,
            levelBeyondHistory);
    }

    /// <summary>
    /// The constant words of <paramref name="profile"/>'s template, read from <paramref name="message"/> (one of its lines
    /// holding its constants as they are, whose words can differ from the template's only in <paramref name="segments"/>)
    /// the first time; null when lines of the template must be read whole. Threads racing to read them read the same.
    /// </summary>
    private ConstantWords? ConstantWordsOf(TemplateProfile profile, string message, List<(int Start, int End)> segments)
    {
        if (profile.Constants is not { } constants)
        {
            var words = _constantLineWords ??= new LineWords();
            WordExtractor.Extract(message, words);
            words.Identify(_vocabulary);
            profile.Constants = constants = ConstantWords.Of(
                message, words, segments, _vocabulary, _vocabulary.WordsOf(profile.TemplateId), profile.Words.IsOpen);
        }

        return constants.Usable ? constants : null;
    }

    /// <summary>The assessment of <paramref name="record"/>, weighed with reasons as <paramref name="line"/>, the last line this thread weighed.</summary>
    private LineAssessment Build(in WeighedLine line, LogRecord record)
    {
        var templateText = TemplateTextOf(line, record);
        var evidence = _evidence!;
        evidence.Sort((a, b) => b.Contribution.CompareTo(a.Contribution));
        return new LineAssessment(line.Score, evidence.ToArray(), templateText, line.TemplateCount, line.TemplateFrequency, line.NearestNormal,
            line.Profile?.TemplateId ?? Context.ContextState.Unknown, line.NeverSeenValue, line.LevelBeyondHistory, line.Severity);
    }

    /// <summary>
    /// How rare lines seen <paramref name="count"/> times in training are, in [0, 1]: their surprise beyond that of a
    /// routine template, so every routine template scores 0 (short histories, where "routine" cannot be told apart from
    /// "rare", use the plain scale).
    /// </summary>
    private double RarityOf(double count)
    {
        var surprise = Math.Log((Lines + (RaritySmoothing * (_ordered.Length + 1))) / (count + RaritySmoothing));
        var span = _rarityScale - _routineSurprise;
        return span <= 0 ? 1 : Math.Clamp((surprise - _routineSurprise) / span, 0, 1);
    }

    /// <summary>The templates learned, by id.</summary>
    public IReadOnlyList<TemplateProfile> Templates => _ordered;

    /// <summary>The training template of a line, or <see cref="Context.ContextState.Unknown"/> (cheaper than <see cref="Assess"/>).</summary>
    public int TemplateIdOf(LogRecord record) => TemplateIdOf(record.Message);

    /// <summary>As <see cref="TemplateIdOf(LogRecord)"/>, for a message.</summary>
    public int TemplateIdOf(string message)
    {
        var match = _miner.Match(message);
        return match.IsKnown && _templates.ContainsKey(match.TemplateId) ? match.TemplateId : Context.ContextState.Unknown;
    }

    public bool IsTemplate(int templateId) => _templates.ContainsKey(templateId);

    /// <summary>How many training lines had the template (0 for an unknown one).</summary>
    public long CountOf(int templateId) => _templates.TryGetValue(templateId, out var profile) ? profile.Count : 0;

    public string TextOf(int templateId) => _templates.TryGetValue(templateId, out var profile) ? profile.Text : "(unknown template)";

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(Lines);
        writer.Write(_levels.Counts.Count);
        foreach (var (level, count) in _levels.Counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(level);
            writer.Write(count);
        }

        writer.Write(_ordered.Length);
        foreach (var template in _ordered)
        {
            template.WriteTo(writer);
        }

        _semantic.WriteTo(writer);
        MinerSerializer.Write(_miner, writer);
    }

    public static HostProfile ReadFrom(ModelReader reader)
    {
        var version = reader.ReadInt32();
        if (version == 1)
        {
            throw new ModelFormatException(
                "default model profile version 1 was written by an older LAD that counted parameter values as labels; retrain the host (this build reads version 3)");
        }

        if (version == 2)
        {
            throw new ModelFormatException(
                "default model profile version 2 was written by an older LAD that did not count which programs wrote each template; retrain the host (this build reads version 3)");
        }

        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"default model profile version {version} is not supported (this build reads {PayloadVersion})");
        }

        var lines = reader.ReadInt64();
        if (lines < 0)
        {
            throw new ModelFormatException("model file: the trained line count is negative");
        }

        var levelCount = reader.ReadCount("levels", 10);
        var levels = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < levelCount; i++)
        {
            var level = reader.ReadString("level name");
            var count = reader.ReadInt64();
            if (count < 0 || !levels.TryAdd(level, count))
            {
                throw new ModelFormatException($"model file: level '{level}' has an invalid or repeated count");
            }
        }

        var templates = new TemplateProfile[reader.ReadCount("template profiles", 20)];
        for (var i = 0; i < templates.Length; i++)
        {
            templates[i] = TemplateProfile.ReadFrom(reader);
        }

        if (templates.Select(t => t.TemplateId).Distinct().Count() != templates.Length)
        {
            throw new ModelFormatException("model file: a template profile appears twice");
        }

        var templateWords = templates.OrderBy(t => t.TemplateId)
            .Select(t => (IReadOnlyList<string>)WordExtractor.DistinctWords(t.Text)).ToList();
        var semantic = SemanticIndex.ReadFrom(reader, templateWords);
        var miner = MinerSerializer.Read(reader);
        return new HostProfile(miner, templates, levels, lines, semantic, null);
    }

    /// <summary>Every parameter value of the line that is evidence on its own, strongest first (none for a template
    /// training never saw).</summary>
    public IReadOnlyList<UnusualValue> UnusualValues(LogRecord record)
    {
        var match = _miner.Match(record.Message);
        if (!match.IsKnown || _miner.GetTemplate(match.TemplateId) is not { } template
            || !_templates.TryGetValue(template.Id, out var profile) || profile.Parameters.Length == 0)
        {
            return [];
        }

        var parameters = _miner.ExtractParameters(record.Message, template);
        var program = NewProgram(profile, record.Message) is { IsEmpty: false } named ? named.ToString() : null;
        var found = new List<UnusualValue>();
        for (var i = 0; i < parameters.Count && i < profile.Parameters.Length; i++)
        {
            // A tag naming a program the template never had is news of its program: its process id is not a second one
            // (value-scope feedback takes one value of a parameter, and that is the one people would accept).
            if (program is not null && ValuePieces.Split(parameters[i]).Contains(program, StringComparer.Ordinal))
            {
                found.Add(new UnusualValue(profile.Text, i + 1, program, _programNovelty.SurpriseOf(profile), ProgramNoveltyReason(profile, program)));
                continue;
            }

            found.AddRange(profile.Parameters[i].JudgeEach(parameters[i], i + 1)
                .Select(j => new UnusualValue(profile.Text, i + 1, j.Value, j.Surprise, j.Reason)));
        }

        return found.OrderByDescending(v => v.Surprise).ToList();
    }

    /// <summary>
    /// Adds the line's most surprising value, word or level, if any. Returns the never-seen level or parameter label
    /// whose place took new ones least often, with that rate (a size counts only when it is full evidence, see
    /// <see cref="Values.ValueProfile.Judge(string, Values.ValuePlace)"/>), or a word new to the whole host, at the rate
    /// the host's lines brought one. A word new only to the template is not returned: words come in groups (a job's name
    /// in each of its paths) and a template's counter holds them all, so what it saw once says little of how rare a line
    /// is that brings one (it only weighs the word, see <see cref="TemplateProfile.WeighWords"/>); a word no line of the
    /// host held is rare by the host's own count.
    /// </summary>
    private NeverSeen? AddUnusualValue(
        List<Evidence> evidence, TemplateProfile profile, LogTemplate template, LogRecord record, LineWords words, List<Range> ranges,
        List<(Range Found, int Token)> mismatches, IAcceptedValues? accepted, bool explain, bool nameValues)
    {
        var message = record.Message;
        var best = 0.0;
        string? reason = null;
        NeverSeen? neverSeen = null;
        // Levels are stored upper-case and nearly every line writes its level so: the exact lookup spares case-mapping it.
        if (record.Level is { Length: > 0 } level && profile.Levels.Observations > 0
            && !profile.Levels.Contains(level) && !profile.Levels.Contains(level.ToUpperInvariant()))
        {
            best = profile.Levels.NoveltySurprise();
            neverSeen = new NeverSeen(level, profile.Levels.NewValueRate());
            reason = explain ? LevelNoveltyReason(profile, level) : Unexplained;
        }

        HashSet<string>? acceptedWords = null;
        var programSurprise = 0.0;
        // The program's name, once judged here, is not judged again as a word new to the template.
        var judgedProgram = ReadOnlySpan<char>.Empty;
        if (NewProgram(profile, message) is { IsEmpty: false } program)
        {
            // A program people accepted at the parameter holding the tag is no news.
            if (accepted is null || !(acceptedWords ??= AcceptedWords(profile, template, message, accepted))
                    .GetAlternateLookup<ReadOnlySpan<char>>().Contains(program))
            {
                judgedProgram = program;
                if (_programNovelty.SurpriseOf(profile) is var surprise && surprise > best)
                {
                    best = surprise;
                    reason = explain ? ProgramNoveltyReason(profile, program) : Unexplained;
                }

                // As a new event it counts fully only where the template's new programs came within the alarm budget.
                var rate = _programNovelty.RateOf(profile);
                programSurprise = surprise * RoutineNovelty.Weight(profile.Count, Lines, rate);
                if (neverSeen is null || rate < neverSeen.Value.NewRate)
                {
                    neverSeen = new NeverSeen(explain || nameValues ? program.ToString() : Unexplained, rate);
                }
            }
        }

        // Parameters are judged where they sit in the line: most values are no evidence, and become no string.
        for (var i = 0; i < ranges.Count && i < profile.Parameters.Length; i++)
        {
            if (profile.Parameters[i].Judge(message.AsSpan()[ranges[i]], i + 1, profile.Text, accepted, explain, nameValues) is { } judged)
            {
                if (judged.Surprise > best)
                {
                    best = judged.Surprise;
                    reason = judged.Reason;
                }

                // The rarest never-seen label makes the line a never-seen one, whichever value is the strongest evidence.
                if (judged.NeverSeen is { } value && (neverSeen is null || judged.NeverSeenRate < neverSeen.Value.NewRate))
                {
                    neverSeen = new NeverSeen(value, judged.NeverSeenRate);
                }
            }
        }

        // A token where every training line of the template had one constant: a value that place never held.
        foreach (var (range, token) in mismatches)
        {
            var other = explain || nameValues ? message[range] : Unexplained;
            var rate = 1.0 / (profile.Count + 2.0);
            var surprise = (1 - rate) * profile.Count / (profile.Count + ValueCounter.ConfidenceObservations);
            if (surprise > best)
            {
                best = surprise;
                reason = explain ? $"'{other}' where all {profile.Count} training lines of this template had '{template.Tokens[token]}'" : Unexplained;
            }

            if (neverSeen is null || rate < neverSeen.Value.NewRate)
            {
                neverSeen = new NeverSeen(other, rate);
            }
        }

        var templateWords = _vocabulary.WordsOf(profile.TemplateId);
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            if (!WordVocabulary.Holds(templateWords, words.IdAt(w)) && !word.Equals(judgedProgram, StringComparison.OrdinalIgnoreCase))
            {
                // A word no line of the host held, in a template whose words training counted, is new to the host.
                var newToHost = words.IdAt(w) == WordVocabulary.Unknown && !profile.Words.IsOpen;
                var surprise = newToHost ? Math.Max(profile.WordSurprise, _newWordSurprise) : profile.WordSurprise;
                // A word that is (part of) a value people accepted at a parameter is that same value, not new vocabulary.
                if ((surprise > best || newToHost) && accepted is not null
                    && (acceptedWords ??= AcceptedWords(profile, template, message, accepted)).GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
                {
                    continue;
                }

                if (surprise > best)
                {
                    best = surprise;
                    reason = !explain ? Unexplained : newToHost && _newWordSurprise > profile.WordSurprise
                        ? $"word '{word}' never seen in this host's {Lines} training lines ({NewWordShare} of them brought a word new to it)"
                        : $"word '{word}' never seen in this template's {profile.Count} training lines";
                }

                if (newToHost && (neverSeen is null || _newWordRarityRate < neverSeen.Value.NewRate))
                {
                    neverSeen = new NeverSeen(explain || nameValues ? word.ToString() : Unexplained, _newWordRarityRate, NewToHost: true);
                }
            }
        }

        // Without a reason (empty when not explaining) nothing here was evidence.
        if (reason is null)
        {
            return null;
        }

        Add(evidence, EvidenceKind.UnusualValue, best, reason);
        if (programSurprise > 0)
        {
            // A syslog event is its program and its message: a known message from a program that never wrote it is an
            // event training never saw, as a new template's line is, as far as the host's habit makes it news.
            Add(evidence, EvidenceKind.NewTemplate, programSurprise,
                explain ? $"an event never seen: this template from program '{judgedProgram}'" : Unexplained);
        }

        return neverSeen;
    }

    private string NewWordShare => _vocabulary.NewWordRate.ToString("0.##%", CultureInfo.InvariantCulture);

    /// <summary>The program <paramref name="message"/>'s tag names when <paramref name="profile"/>'s template never had it, else empty.</summary>
    private static ReadOnlySpan<char> NewProgram(TemplateProfile profile, string message) =>
        profile.Programs.Observations > 0 && Context.ProcessTag.ProgramOf(message) is { IsEmpty: false } program && !profile.Programs.Contains(program)
            ? program
            : [];

    private string ProgramNoveltyReason(TemplateProfile profile, ReadOnlySpan<char> program)
    {
        var programs = profile.Programs;
        var seen = programs.IsOpen ? $"more than {ValueCounter.DistinctCap} programs" : string.Join(", ", programs.TopValues(3)) + (programs.Distinct > 3 ? ", ..." : "");
        return $"program '{program}' never wrote this template in training ({seen} in {programs.Observations} lines; on this host a " +
               $"template's line came from a new program {_programNovelty.Changes} times in {_programNovelty.Chances})";
    }

    private static string LevelNoveltyReason(TemplateProfile profile, string level)
    {
        var levels = profile.Levels.Distinct > 3
            ? $"{profile.Levels.Distinct} levels in {profile.Levels.Observations} lines, e.g. {string.Join(", ", profile.Levels.TopValues(3))}"
            : $"{string.Join(", ", profile.Levels.TopValues(3))} in {profile.Levels.Observations} lines";
        return $"level {level} never seen with this template (training saw {levels})";
    }

    /// <summary>A value, word or level its place never held in training, and how often a new one came there (host-wide for a word new to the host).</summary>
    private readonly record struct NeverSeen(string Value, double NewRate, bool NewToHost = false);

    private HashSet<string> AcceptedWords(TemplateProfile profile, LogTemplate template, string message, IAcceptedValues accepted)
    {
        var parameters = profile.Parameters.Length == 0 ? [] : _miner.ExtractParameters(message, template);
        var words = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            foreach (var piece in ValuePieces.Split(parameters[i]))
            {
                if (accepted.Accepts(profile.Text, i + 1, piece))
                {
                    words.UnionWith(WordExtractor.Words(piece));
                }
            }
        }

        return words;
    }

    /// <summary>
    /// A level more severe than any the host wrote in training is a never-seen value of its most telling field.
    /// (A milder level the host never used, e.g. a first WARNING on a host that logs FATAL, says nothing.) Returns
    /// whether the line's level is such a one.
    /// </summary>
    private bool AddUnseenLevel(List<Evidence> evidence, string? level, bool known, bool explain)
    {
        if (level is not { Length: > 0 } || known || !_levels.IsBeyondHistory(level))
        {
            return false;
        }

        var surprise = _levels.BeyondHistorySurprise;
        var reason = explain ? _levels.BeyondHistoryReason(level) : Unexplained;
        var existing = evidence.FindIndex(e => e.Kind == EvidenceKind.UnusualValue);
        if (existing < 0)
        {
            Add(evidence, EvidenceKind.UnusualValue, surprise, reason);
        }
        else if (evidence[existing].Value < surprise)
        {
            evidence.RemoveAt(existing);
            Add(evidence, EvidenceKind.UnusualValue, surprise, reason);
        }

        return true;
    }

    /// <summary>The reason of evidence weighed only to score a line.</summary>
    private const string Unexplained = "";

    private static void Add(List<Evidence> evidence, EvidenceKind kind, double value, string reason)
    {
        if (value > 0)
        {
            evidence.Add(new Evidence(kind, value, EvidenceWeights.Of(kind) * value / EvidenceWeights.Total, reason));
        }
    }
}
