using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Novelty;

/// <summary>
/// The reference rule every calibrated model must beat: a line is anomalous when its template was never seen in
/// training (the miner fitted on the history cannot match it), and a session is anomalous when it holds such a line.
/// It has no threshold to calibrate: a new template scores 1, a known one 0, and the threshold sits between them.
/// </summary>
public sealed class NoveltyModel : IAnomalyModel
{
    /// <summary>The kind name in configs and model files.</summary>
    public const string KindName = "novelty";

    private const int PayloadVersion = 1;

    private readonly TemplateMiner _miner;

    internal NoveltyModel(TemplateMiner miner, long trainedLines)
    {
        _miner = miner;
        TrainedLines = trainedLines;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>Halfway between a known template (0) and a new one (1).</summary>
    public double Threshold => 0.5;

    /// <inheritdoc />
    public long TrainedLines { get; }

    /// <inheritdoc />
    public AnomalyVerdict Score(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var match = _miner.Match(record.Message);
        if (match.IsKnown && _miner.GetTemplate(match.TemplateId) is { } template)
        {
            return new AnomalyVerdict(
                0, Threshold, new Explanation([], template.Text, template.Count, (double)template.Count / TrainedLines, template.Text));
        }

        return new AnomalyVerdict(
            1, Threshold, new Explanation([$"template never seen in {TrainedLines} training lines"], _miner.MaskedText(record.Message), 0, 0, null));
    }

    /// <inheritdoc />
    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(TrainedLines);
        MinerSerializer.Write(_miner, writer);
    }

    /// <summary>Reads a model written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="ModelFormatException">The payload is corrupt or from a newer LAD.</exception>
    public static NoveltyModel ReadFrom(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"novelty model version {version} is not supported (this build reads {PayloadVersion})");
        }

        var lines = reader.ReadInt64();
        if (lines < 0)
        {
            throw new ModelFormatException("model file: the novelty model's trained line count is negative");
        }

        return new NoveltyModel(MinerSerializer.Read(reader), lines);
    }
}
