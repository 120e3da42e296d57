using System.Globalization;
using Lad.Engine.Model.Som;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Lof;

/// <summary>
/// The fork's Word2Vec + Local Outlier Factor model: a line becomes the mean Word2Vec vector of its masked words (the
/// encoding of the <c>som</c> model) and the share of its words training never saw (<see cref="LineEncoder"/>), and its score is its local outlier factor against the training lines' vectors,
/// found through a neighbour index. Anomalous above 1.5, the rule scikit-learn's LOF applied for the fork (its
/// <c>contamination="auto"</c>): a line whose neighbourhood is half again as sparse as its neighbours' own.
/// </summary>
public sealed class LofModel : IAnomalyModel
{
    /// <summary>The kind name in configs and model files.</summary>
    public const string KindName = "lof";

    /// <summary>The fixed threshold: scikit-learn's offset for <c>contamination="auto"</c>.</summary>
    public const double FixedThreshold = 1.5;

    private const int PayloadVersion = 1;

    private readonly TemplateMiner _miner;
    private readonly LineEncoder _encoder;
    private readonly LocalOutlierFactor _lof;
    private readonly string[] _examples;

    internal LofModel(TemplateMiner miner, LineEncoder encoder, LocalOutlierFactor lof, string[] examples, long trainedLines)
    {
        if (examples.Length != lof.Points.Count || lof.Points.Dimension != encoder.Dimension || trainedLines < 2)
        {
            throw new ModelFormatException("model file: the lof model's parts do not fit together (dimensions, examples or line count differ)");
        }

        _miner = miner;
        _encoder = encoder;
        _lof = lof;
        _examples = examples;
        TrainedLines = trainedLines;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public double Threshold => FixedThreshold;

    /// <inheritdoc />
    public long TrainedLines { get; }

    /// <summary>The neighbours in use (LOF_NEIGHBORS capped at the training lines minus one).</summary>
    public int Neighbors => _lof.Neighbors;

    /// <summary>The distance in use (LOF_METRIC).</summary>
    public LofMetric Metric => _lof.Metric;

    /// <summary>Distinct training vectors the neighbour index holds.</summary>
    public int DistinctVectors => _lof.Points.Count;

    /// <inheritdoc />
    public AnomalyVerdict Score(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sentence = SomSentence.Build(_miner, record);
        Span<float> vector = stackalloc float[_encoder.Dimension];
        var known = _encoder.Encode(sentence, vector);
        var neighbours = new List<Neighbour>();
        var score = _lof.Score(vector, neighbours);
        var nearest = neighbours[0].Point;

        var reasons = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"local outlier factor {score:G4} against its {Neighbors} nearest distinct training lines (anomalous above {FixedThreshold}); the nearest lies at {LofMetrics.Name(Metric)} distance {neighbours[0].Distance:G4}"),
        };
        if (known < sentence.Length)
        {
            var unknown = sentence.Where(w => !_encoder.Words.Contains(w)).Distinct(StringComparer.Ordinal).Take(5);
            reasons.Add($"{sentence.Length - known} of {sentence.Length} words never seen in training: {string.Join(", ", unknown)}");
        }

        var match = _miner.Match(record.Message);
        var template = match.IsKnown ? _miner.GetTemplate(match.TemplateId) : null;
        if (template is null)
        {
            reasons.Add("its template was never seen in training");
        }

        var count = template?.Count ?? 0;
        return new AnomalyVerdict(
            score,
            Threshold,
            new Explanation(reasons, template?.Text ?? _miner.MaskedText(record.Message), count, (double)count / TrainedLines, _examples[nearest]));
    }

    /// <inheritdoc />
    public void WriteTo(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(PayloadVersion);
        writer.Write(TrainedLines);
        MinerSerializer.Write(_miner, writer);
        _encoder.WriteTo(writer);
        _lof.WriteTo(writer);
        foreach (var example in _examples)
        {
            writer.Write(example);
        }
    }

    /// <summary>Reads a model written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="ModelFormatException">The payload is corrupt or from a newer LAD.</exception>
    public static LofModel ReadFrom(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"lof model payload version {version} is not supported (this build reads {PayloadVersion})");
        }

        var trainedLines = reader.ReadInt64();
        var miner = MinerSerializer.Read(reader);
        var encoder = LineEncoder.ReadFrom(reader);
        var lof = LocalOutlierFactor.ReadFrom(reader);
        var examples = new string[lof.Points.Count];
        for (var i = 0; i < examples.Length; i++)
        {
            examples[i] = reader.ReadString("lof example line");
        }

        if (lof.Points.Total != trainedLines)
        {
            throw new ModelFormatException($"model file: the lof vectors stand for {lof.Points.Total} lines, the model says {trainedLines}");
        }

        return new LofModel(miner, encoder, lof, examples, trainedLines);
    }
}
