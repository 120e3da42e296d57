using System.Globalization;
using Lad.Engine.Parse;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Som;

/// <summary>
/// LAD's original model, done consistently: a line becomes the mean Word2Vec vector of its masked words, is
/// standardised like the training data, and scores its distance to the nearest node of a self-organising map
/// divided by the largest such distance in training. Anomalous above mean + N·std of the training scores.
/// </summary>
public sealed class SomModel : IAnomalyModel
{
    /// <summary>The kind name and <see cref="ModelFile"/> container kind.</summary>
    public const string KindName = "som";

    private const int PayloadVersion = 1;

    private readonly TemplateMiner _miner;
    private readonly WordVectors _words;
    private readonly FeatureScaler _scaler;
    private readonly SelfOrganizingMap _map;
    private readonly string[] _nodeExamples;
    private readonly double _maxTrainingDistance;

    internal SomModel(
        TemplateMiner miner, WordVectors words, FeatureScaler scaler, SelfOrganizingMap map, string[] nodeExamples,
        double maxTrainingDistance, double threshold, long trainedLines)
    {
        if (nodeExamples.Length != map.Nodes || scaler.Dimension != words.Dimension || map.Dimension != words.Dimension)
        {
            throw new ModelFormatException("model file: the som model's parts do not fit together (dimensions or node count differ)");
        }

        if (!(maxTrainingDistance > 0) || !double.IsFinite(threshold) || trainedLines < 1)
        {
            throw new ModelFormatException("model file: the som model's calibration is invalid");
        }

        _miner = miner;
        _words = words;
        _scaler = scaler;
        _map = map;
        _nodeExamples = nodeExamples;
        _maxTrainingDistance = maxTrainingDistance;
        Threshold = threshold;
        TrainedLines = trainedLines;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public double Threshold { get; }

    /// <inheritdoc />
    public long TrainedLines { get; }

    /// <inheritdoc />
    public AnomalyVerdict Score(LogRecord record)
    {
        var sentence = SomSentence.Build(_miner, record);
        var node = Locate(sentence, out var distance, out var known);
        var score = distance / _maxTrainingDistance;

        var reasons = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"distance to the nearest normal map node is {score:0.00}x the largest distance seen in training"),
        };
        var unknown = sentence.Where(w => !_words.Contains(w)).Distinct(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            reasons.Add($"{sentence.Length - known} of {sentence.Length} words never seen in training: {string.Join(", ", unknown.Take(5))}");
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
            new Explanation(reasons, template?.Text ?? _miner.MaskedText(record.Message), count, (double)count / TrainedLines, _nodeExamples[node]));
    }

    /// <summary>The best matching node of a sentence and its distance in standardised space.</summary>
    internal int Locate(string[] sentence, out double distance, out int known)
    {
        Span<float> vector = stackalloc float[_words.Dimension];
        known = _words.MeanVector(sentence, vector);
        _scaler.Apply(vector);
        var node = _map.BestMatch(vector, out var d);
        distance = d;
        return node;
    }

    /// <inheritdoc />
    public void WriteTo(ModelWriter writer)
    {
        writer.Write(PayloadVersion);
        writer.Write(TrainedLines);
        writer.Write(Threshold);
        writer.Write(_maxTrainingDistance);
        MinerSerializer.Write(_miner, writer);
        _words.WriteTo(writer);
        _scaler.WriteTo(writer);
        _map.WriteTo(writer);
        writer.Write(_nodeExamples.Length);
        foreach (var example in _nodeExamples)
        {
            writer.Write(example);
        }
    }

    /// <summary>Reads a model written by <see cref="WriteTo"/>; a corrupt payload gives a <see cref="ModelFormatException"/>.</summary>
    public static SomModel ReadFrom(ModelReader reader)
    {
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new ModelFormatException($"som model payload version {version} is not supported (this build reads {PayloadVersion})");
        }

        var trainedLines = reader.ReadInt64();
        var threshold = reader.ReadDouble();
        var maxDistance = reader.ReadDouble();
        var miner = MinerSerializer.Read(reader);
        var words = WordVectors.ReadFrom(reader);
        var scaler = FeatureScaler.ReadFrom(reader);
        var map = SelfOrganizingMap.ReadFrom(reader);
        var examples = new string[reader.ReadCount("node examples", 2)];
        for (var i = 0; i < examples.Length; i++)
        {
            examples[i] = reader.ReadString("node example");
        }

        return new SomModel(miner, words, scaler, map, examples, maxDistance, threshold, trainedLines);
    }
}
