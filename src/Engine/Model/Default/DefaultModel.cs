using Lad.Engine.Model.Default.Context;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The default model: weighs template novelty, template rarity, unusual parameter values or words, semantic
/// distance to normal templates, error vocabulary and severity into one score in [0, 1], against a threshold
/// calibrated on the host's own history. Every verdict explains itself, strongest reason first. Its stream scorer
/// (<see cref="OpenStream()"/>) adds context evidence: a line's session or host stream compared with training's.
/// </summary>
public sealed class DefaultModel : IAnomalyModel, ITemplateMatcher
{
    /// <summary>The kind name in configs and model files.</summary>
    public const string KindName = "default";

    /// <summary>
    /// Version 1 models carry no context profile (their streams add no context evidence); version 2 ones no session
    /// end profile (their streams close no session); version 3 ones no held-out alarm rate; version 4 ones one
    /// threshold for every line; version 5 ones no unproven routine templates (see <see cref="LineThresholds.Unproven"/>).
    /// </summary>
    private const int PayloadVersion = 6;

    private readonly HostProfile _profile;
    private readonly ContextProfile _context;
    private readonly SessionEndProfile _endings;

    internal DefaultModel(
        HostProfile profile, ContextProfile context, LineThresholds thresholds, double alarmsPer10k, SessionEndProfile endings, double closingThreshold)
    {
        _profile = profile;
        _context = context;
        _endings = endings;
        Thresholds = thresholds;
        AlarmsPer10k = double.IsNaN(alarmsPer10k) ? null : alarmsPer10k;
        ClosingThreshold = closingThreshold;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>The threshold of lines of a rare or never-seen template, the higher of the model's two line thresholds.</summary>
    public double Threshold => Thresholds.Other;

    /// <summary>The threshold of lines of a routine template (see <see cref="LineThresholds"/>).</summary>
    public double RoutineThreshold => Thresholds.Routine;

    internal LineThresholds Thresholds { get; }

    /// <inheritdoc />
    public double? AlarmsPer10k { get; }

    /// <summary>
    /// The threshold of session closing verdicts (see <see cref="ILogStreamScorer.CloseIdle"/>), calibrated on how
    /// held-out history sessions ended as <see cref="Threshold"/> is on held-out lines.
    /// </summary>
    public double ClosingThreshold { get; }

    /// <inheritdoc />
    public long TrainedLines => _profile.Lines;

    /// <inheritdoc />
    public int? TemplatesLearned => _profile.TemplatesLearned;

    /// <summary>What the model learned from the history (read by <see cref="Summary.ModelSummarizer"/>).</summary>
    internal HostProfile Profile => _profile;

    /// <inheritdoc />
    public int TemplateIdOf(string message) => _profile.TemplateIdOf(message) is var id and > 0 ? id : 0;

    /// <inheritdoc />
    public string? TextOf(int templateId) => _profile.IsTemplate(templateId) ? _profile.TextOf(templateId) : null;

    /// <inheritdoc />
    public AnomalyVerdict Score(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var assessment = _profile.Assess(record);
        return Verdict(assessment, Thresholds.For(assessment));
    }

    /// <inheritdoc />
    public ILogStreamScorer OpenStream() => OpenStream(DefaultStreamScorer.DefaultCapacity);

    /// <summary>Opens a stream scorer remembering at most <paramref name="capacity"/> sessions and host streams.</summary>
    public ILogStreamScorer OpenStream(int capacity) => new DefaultStreamScorer(_profile, _context, Thresholds, _endings, ClosingThreshold, capacity);

    /// <inheritdoc />
    public ILogStreamScorer OpenStream(IAcceptedValues accepted) =>
        new DefaultStreamScorer(_profile, _context, Thresholds, _endings, ClosingThreshold, DefaultStreamScorer.DefaultCapacity, accepted);

    /// <inheritdoc />
    public IReadOnlyList<UnusualValue> UnusualValues(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _profile.UnusualValues(record);
    }

    internal static AnomalyVerdict Verdict(LineAssessment assessment, double threshold) => new(
        assessment.Score,
        threshold,
        new Explanation(
            Reasons(assessment.Evidence),
            assessment.Template,
            assessment.TemplateCount,
            assessment.TemplateFrequency,
            assessment.NearestNormal));

    // Two kinds of evidence may say the same thing (a template never seen is both new and of the rarest kind): the person
    // reading gets it once, where the stronger of them ranks it.
    private static string[] Reasons(IReadOnlyList<Evidence> evidence)
    {
        var reasons = new string[evidence.Count];
        var count = 0;
        for (var i = 0; i < evidence.Count; i++)
        {
            if (Array.IndexOf(reasons, evidence[i].Reason, 0, count) < 0)
            {
                reasons[count++] = evidence[i].Reason;
            }
        }

        if (count < reasons.Length)
        {
            Array.Resize(ref reasons, count);
        }

        return reasons;
    }

    /// <summary>The weighed evidence behind <see cref="Score"/>, strongest first, for tools that show figures.</summary>
    public IReadOnlyList<Evidence> Evidence(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _profile.Assess(record).Evidence;
    }

    /// <inheritdoc />
    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(Thresholds.Other);
        _profile.WriteTo(writer);
        _context.WriteTo(writer);
        writer.Write(ClosingThreshold);
        _endings.WriteTo(writer);
        writer.Write(AlarmsPer10k ?? double.NaN);
        writer.Write(Thresholds.Routine);
        var unproven = Thresholds.Unproven?.Order().ToList() ?? [];
        writer.Write(unproven.Count);
        foreach (var template in unproven)
        {
            writer.Write(template);
        }
    }

    /// <summary>Reads a model written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="ModelFormatException">The payload is corrupt or from a newer LAD.</exception>
    public static DefaultModel ReadFrom(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version is < 1 or > PayloadVersion)
        {
            throw new ModelFormatException($"default model version {version} is not supported (this build reads {PayloadVersion})");
        }

        var threshold = reader.ReadDouble();
        if (!double.IsFinite(threshold))
        {
            throw new ModelFormatException("model file: the default model's threshold is not a finite number");
        }

        var profile = HostProfile.ReadFrom(reader);
        var context = version == 1 ? ContextProfile.Empty : ContextProfile.ReadFrom(reader, profile.IsTemplate);
        if (version < 3)
        {
            return new DefaultModel(profile, context, LineThresholds.Both(threshold), double.NaN, SessionEndProfile.Empty, double.PositiveInfinity);
        }

        var closingThreshold = reader.ReadDouble();
        if (!double.IsFinite(closingThreshold))
        {
            throw new ModelFormatException("model file: the default model's closing threshold is not a finite number");
        }

        var endings = SessionEndProfile.ReadFrom(reader, profile.IsTemplate);
        var alarmsPer10k = version < 4 ? double.NaN : reader.ReadDouble();
        if (!double.IsNaN(alarmsPer10k) && !(alarmsPer10k >= 0 && double.IsFinite(alarmsPer10k)))
        {
            throw new ModelFormatException("model file: the default model's held-out alarm rate is not a number >= 0");
        }

        var routineThreshold = version < 5 ? threshold : reader.ReadDouble();
        if (!(double.IsFinite(routineThreshold) && routineThreshold <= threshold))
        {
            throw new ModelFormatException("model file: the default model's routine-template threshold is not a finite number at most its threshold");
        }

        var thresholds = new LineThresholds(threshold, routineThreshold);
        if (version >= 6)
        {
            var unproven = new HashSet<int>();
            var count = reader.ReadCount("unproven routine templates", sizeof(int));
            for (var i = 0; i < count; i++)
            {
                var template = reader.ReadInt32();
                if (!profile.IsTemplate(template))
                {
                    throw new ModelFormatException($"model file: the unproven routine template {template} is not a template of the profile");
                }

                unproven.Add(template);
            }

            thresholds = thresholds.WithUnproven(unproven);
        }

        return new DefaultModel(profile, context, thresholds, alarmsPer10k, endings, closingThreshold);
    }
}
