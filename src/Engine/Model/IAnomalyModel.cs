using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Model;

/// <summary>A trained per-host model of normal log lines. Scoring never changes the model.</summary>
public interface IAnomalyModel
{
    /// <summary>The model kind as named in the config (<c>default</c>, <c>som</c>).</summary>
    string Kind { get; }

    /// <summary>The calibrated threshold; a line whose score exceeds it is anomalous.</summary>
    double Threshold { get; }

    /// <summary>
    /// The threshold of lines of a template routine in training, where the model calibrates those apart (never above
    /// <see cref="Threshold"/>, which then applies to the other lines); <see cref="Threshold"/> for models with one.
    /// </summary>
    double RoutineThreshold => Threshold;

    /// <summary>
    /// Alarms per 10,000 lines the threshold gave on held-out history (what the alarm budget bought), or null when the
    /// model's threshold is not calibrated that way.
    /// </summary>
    double? AlarmsPer10k => null;

    /// <summary>
    /// How many log templates the model's template miner learned from its history (what a fresh miner learning the same
    /// lines would count), or null for a model that keeps no miner.
    /// </summary>
    int? TemplatesLearned => null;

    /// <summary>How many lines the model was trained on.</summary>
    long TrainedLines { get; }

    /// <summary>Scores one line. Safe to call from several threads at once.</summary>
    AnomalyVerdict Score(LogRecord record);

    /// <summary>
    /// Opens a stream scorer that adds context evidence (what came before in the line's session or host stream) to
    /// <see cref="Score"/>. Models without context evidence return a scorer that scores each line on its own.
    /// </summary>
    ILogStreamScorer OpenStream() => new StatelessStreamScorer(this);

    /// <summary>
    /// Opens a stream as <see cref="OpenStream()"/> that gives no evidence for the values <paramref name="accepted"/>
    /// accepts. Models that do not judge parameter values ignore it.
    /// </summary>
    ILogStreamScorer OpenStream(IAcceptedValues accepted) => OpenStream();

    /// <summary>Every parameter value of <paramref name="record"/> that is evidence on its own, strongest first; none for
    /// models that do not judge values or lines of a template training never saw.</summary>
    IReadOnlyList<UnusualValue> UnusualValues(LogRecord record) => [];

    /// <summary>Writes the model's own state; the container header is written by <see cref="ModelFile"/>.</summary>
    void WriteTo(ModelWriter writer);
}
