using Lad.Engine.Model.Default.Context;
using Lad.Engine.Model.Default.Values;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model.Default;

/// <summary>What training saw of one template: how often, which words and levels, which values at each parameter.</summary>
internal sealed class TemplateProfile
{
    /// <summary>
    /// A template's profile to train, whose lines' words are numbered by <paramref name="wordTable"/> (shared by the
    /// profiles and line counts of one training; a table of its own without one).
    /// </summary>
    public TemplateProfile(int templateId, string text, int parameterCount, WordTable? wordTable = null)
    {
        TemplateId = templateId;
        Text = text;
        _wordTable = wordTable ?? new WordTable();
        _wordCounts = new NumberedWordCounts();
        Words = ValueCounter.OpenEnded(0);
        Levels = new ValueCounter();
        Programs = new ValueCounter();
        Parameters = new ParameterProfile[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            Parameters[i] = new ParameterProfile();
        }
    }

    // A profile read from a model file (complete: no word table or word counts), or a copy of one in training.
    private TemplateProfile(int templateId, string text, long count, ValueCounter words, ValueCounter levels, ValueCounter programs,
        ParameterProfile[] parameters, WordTable? wordTable = null, NumberedWordCounts? wordCounts = null)
    {
        _wordTable = wordTable;
        _wordCounts = wordCounts;
        Levels = levels;
        Programs = programs;
        TemplateId = templateId;
        Text = text;
        Count = count;
        Words = words;
        Parameters = parameters;
    }

    /// <summary>A profile that goes on training from where this one stands, apart from it (before it is complete).</summary>
    /// <exception cref="InvalidOperationException">The profile is complete.</exception>
    public TemplateProfile Copy()
    {
        var counts = _wordCounts ?? throw new InvalidOperationException("the template profile is complete");
        return new TemplateProfile(
            TemplateId, Text, Count, Words, Levels.Copy(), Programs.Copy(), Array.ConvertAll(Parameters, p => p.Copy()), _wordTable, counts.Copy());
    }

    // While training: the words counted by number, and the table numbering them; the counter Words once completed.
    private readonly WordTable? _wordTable;
    private NumberedWordCounts? _wordCounts;

    public int TemplateId { get; }

    public string Text { get; }

    public long Count { get; private set; }

    /// <summary>Every word of the lines (constant and variable), so a word new to the template stands out; counted once completed.</summary>
    public ValueCounter Words { get; private set; }

    /// <summary>The levels the template was written at (none counted for lines without a level).</summary>
    public ValueCounter Levels { get; }

    /// <summary>The programs that wrote the template, as their syslog tags name them (none counted for untagged lines).</summary>
    public ValueCounter Programs { get; }

    public ParameterProfile[] Parameters { get; }

    /// <summary>
    /// How surprising a word this template's training lines never held is, in [0, 1), set by <see cref="WeighWords"/>.
    /// </summary>
    public double WordSurprise { get; private set; }

    /// <summary>
    /// Sets <see cref="WordSurprise"/> for a host whose history has <paramref name="hostLines"/> lines. A new word is
    /// judged by how often the template's lines brought one: the words seen once over its lines (Good-Turing with lines,
    /// not words, as the observations, since its constant words repeat in every line and would make any template look
    /// closed). Where the template's lines bring new words more often than the default alarm budget across the host's
    /// lines (random user names, session ids broken into letter runs, pod names), each counts that much less
    /// (<see cref="RoutineNovelty"/>), as a never-seen label does.
    /// </summary>
    public void WeighWords(long hostLines)
    {
        if (Words.IsOpen || Count == 0)
        {
            WordSurprise = 0;
            return;
        }

        var rate = Math.Min(1, (Words.Singletons + 1.0) / (Count + 2.0));
        WordSurprise = (1 - rate) * Words.Confidence * RoutineNovelty.Weight(Count, hostLines, rate);
    }

    /// <summary>
    /// What the template's constant words add to a line's evidence, read by the host profile from the first line it
    /// scores that holds the constants as they are (see <see cref="ConstantWords"/>); not saved with the model.
    /// </summary>
    public ConstantWords? Constants { get; set; }

    /// <summary>
    /// The host profile's rarity reason for this template, formatted by the first line that needs it: its figures
    /// are fixed once the profile is built. (Threads racing to set it set the same text.)
    /// </summary>
    public string? RarityReason { get; set; }

    /// <summary>
    /// How rare the host profile holding this template counts its lines (its template-rarity evidence), set once when
    /// that profile is built: every scored line of the template needs it, and it is a logarithm.
    /// </summary>
    public double Rarity { get; set; }

    /// <summary>
    /// How much of a level's severity this template's lines keep, by the level's place among the host's levels: all of
    /// it for a rare template; for a routine one, a level its own lines were written at or above counts only for the
    /// share of them written below it, and never for less than the level most of the host's lines carry (set by
    /// <see cref="HostLevels.KeptBy"/> once <see cref="Rarity"/> is).
    /// </summary>
    public double[] SeverityKept { get; set; } = [];

    /// <summary>
    /// Counts a line of the template: its words, its level, the program its tag names, and the values of its
    /// parameters, which sit in <paramref name="message"/> at <paramref name="parameters"/> (none profiled unless it
    /// holds them all).
    /// </summary>
    public void Add(LineWords words, string? level, string message, List<Range> parameters)
    {
        Count++;
        if (level is { Length: > 0 })
        {
            Levels.Add(level.ToUpperInvariant());
        }

        if (ProcessTag.ProgramOf(message) is { IsEmpty: false } program)
        {
            Programs.Add(program);
        }

        var counts = _wordCounts ?? throw new InvalidOperationException("the template profile is complete");
        if (words.NumberedBy != _wordTable)
        {
            words.Number(_wordTable!);
        }

        for (var i = 0; i < words.Count; i++)
        {
            counts.Add(words.IdAt(i));
        }

        if (parameters.Count == Parameters.Length)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                Parameters[i].Add(message.AsSpan()[parameters[i]]);
            }
        }
    }

    /// <summary>Decides how each parameter's values are judged, once every line was added.</summary>
    public void Complete()
    {
        foreach (var parameter in Parameters)
        {
            parameter.Complete();
        }

        if (_wordCounts is { } counts)
        {
            Words = counts.ToCounter(_wordTable!);
            _wordCounts = null;
        }

        Levels.Freeze();
        Programs.Freeze();
    }

    public void WriteTo(ModelWriter writer)
    {
        writer.Write(TemplateId);
        writer.Write(Text);
        writer.Write(Count);
        Words.WriteTo(writer);
        Levels.WriteTo(writer);
        Programs.WriteTo(writer);
        writer.Write(Parameters.Length);
        foreach (var position in Parameters)
        {
            position.WriteTo(writer);
        }
    }

    public static TemplateProfile ReadFrom(ModelReader reader)
    {
        var id = reader.ReadInt32();
        var text = reader.ReadString("template text");
        var count = reader.ReadInt64();
        if (count < 0)
        {
            throw new ModelFormatException($"model file: template {id} has a negative count");
        }

        var words = ValueCounter.ReadFrom(reader);
        var levels = ValueCounter.ReadFrom(reader);
        var programs = ValueCounter.ReadFrom(reader);
        var parameters = new ParameterProfile[reader.ReadCount("template parameter positions", 4)];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = ParameterProfile.ReadFrom(reader);
        }

        return new TemplateProfile(id, text, count, words, levels, programs, parameters);
    }
}
