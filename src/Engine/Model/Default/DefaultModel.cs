using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// The default model: weighs template novelty, template rarity, unusual parameter values or words, semantic
/// distance to normal templates, error vocabulary and severity into one score in [0, 1], against a threshold
/// calibrated on the host's own history. Every verdict explains itself, strongest reason first.
/// </summary>
public sealed class DefaultModel : IAnomalyModel
{
    /// <summary>The kind name in configs and model files.</summary>
    public const string KindName = "default";

    private const int PayloadVersion = 1;

    private readonly HostProfile _profile;

    internal DefaultModel(HostProfile profile, double threshold)
    {
        _profile = profile;
        Threshold = threshold;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public double Threshold { get; }

    /// <inheritdoc />
    public long TrainedLines => _profile.Lines;

    /// <inheritdoc />
    public AnomalyVerdict Score(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var assessment = _profile.Assess(record);
        var reasons = assessment.Evidence.Select(e => e.Reason).ToList();
        return new AnomalyVerdict(
            assessment.Score,
            Threshold,
            new Explanation(reasons, assessment.Template, assessment.TemplateCount, assessment.TemplateFrequency, assessment.NearestNormal));
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
        writer.Write(Threshold);
        _profile.WriteTo(writer);
    }

    /// <summary>Reads a model written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="ModelFormatException">The payload is corrupt or from a newer LAD.</exception>
    public static DefaultModel ReadFrom(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"default model version {version} is not supported (this build reads {PayloadVersion})");
        }

        var threshold = reader.ReadDouble();
        if (!double.IsFinite(threshold))
        {
            throw new ModelFormatException("model file: the default model's threshold is not a finite number");
        }

        return new DefaultModel(HostProfile.ReadFrom(reader), threshold);
    }
}
