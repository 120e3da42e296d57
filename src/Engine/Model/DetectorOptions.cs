using Lad.Engine.Model.Lof;
using Lad.Engine.Model.Som;

namespace Lad.Engine.Model;

/// <summary>Everything needed to build a trainer of any model kind; each kind reads the part it needs.</summary>
public sealed record DetectorOptions
{
    /// <summary>The LAD default for <see cref="ThresholdSigma"/> (INFER_ANOMALY_THRESHOLD).</summary>
    public const double DefaultThresholdSigma = 3.1;

    /// <summary>The model kind to train (<c>default</c>, <c>som</c>, <c>novelty</c>, <c>lof</c>).</summary>
    public string ModelKind { get; init; } = ModelCatalog.DefaultKind;

    /// <summary>Seed for every random choice a trainer makes, so runs are reproducible (W2V_SEED for the som model).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>A line is anomalous when its score exceeds mean + N·std of the training scores (INFER_ANOMALY_THRESHOLD).</summary>
    public double ThresholdSigma { get; init; } = DefaultThresholdSigma;

    /// <summary>
    /// The LAD default for <see cref="AlarmBudget"/>: 10 per 10,000 lines is the 0.1% tail of
    /// <see cref="DefaultThresholdSigma"/>, the share of lines the seed project's default threshold let through.
    /// </summary>
    public const double DefaultAlarmBudget = 10;

    /// <summary>
    /// The default model's alarm budget (ALARM_BUDGET): the false alarms per 10,000 normal lines its threshold may
    /// raise on held-out history.
    /// </summary>
    public double AlarmBudget { get; init; } = DefaultAlarmBudget;

    /// <summary>Options of the <c>som</c> model; its Word2Vec settings also encode lines for the <c>lof</c> model.</summary>
    public SomOptions Som { get; init; } = new();

    /// <summary>Options of the <c>lof</c> model.</summary>
    public LofOptions Lof { get; init; } = new();

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (!double.IsFinite(ThresholdSigma) || ThresholdSigma < 0)
        {
            throw new ArgumentException($"threshold sigma (INFER_ANOMALY_THRESHOLD) must be a finite number >= 0, not {ThresholdSigma}");
        }

        if (!double.IsFinite(AlarmBudget) || AlarmBudget <= 0 || AlarmBudget > 10_000)
        {
            throw new ArgumentException($"alarm budget (ALARM_BUDGET) must be a number of alarms per 10,000 lines, above 0 and at most 10000, not {AlarmBudget}");
        }

        Som.Validate();
        Lof.Validate();
    }
}
