using Lad.Engine.Model.Default.Context;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Trains a <see cref="DefaultModel"/>. The threshold comes from scores the model would give lines it has not
/// learned: a profile fitted on the first 80% of the history scores the last 20% (so new-but-normal lines are
/// represented as they will be in production), then the final profile is fitted on all of it; see
/// <see cref="ThresholdCalibration"/> for how <see cref="DetectorOptions.ThresholdSigma"/> turns those scores into the
/// threshold, spending <see cref="DetectorOptions.AlarmBudget"/>. Lines people confirmed anomalous keep the threshold
/// below their scores. Deterministic: the same history always gives the same model.
/// </summary>
public sealed class DefaultModelTrainer : IAnomalyModelTrainer
{
    /// <summary>The share of the history held out to calibrate the threshold.</summary>
    public const double CalibrationShare = 0.2;

    /// <summary>Histories shorter than this calibrate on their own (in-sample) scores.</summary>
    public const int MinimumForHoldout = 50;

    private readonly double _sigma;
    private readonly double _alarmBudget;

    /// <summary>Creates a trainer using <see cref="DetectorOptions.ThresholdSigma"/> and <see cref="DetectorOptions.AlarmBudget"/>.</summary>
    public DefaultModelTrainer(DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sigma = options.ThresholdSigma;
        _alarmBudget = options.AlarmBudget;
    }

    /// <inheritdoc />
    public string Kind => DefaultModel.KindName;

    /// <inheritdoc />
    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, CancellationToken cancellationToken = default) =>
        Train(history, [], cancellationToken);

    /// <inheritdoc />
    public IAnomalyModel Train(IReadOnlyList<LogRecord> history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(confirmedAnomalies);
        if (history.Count == 0)
        {
            throw new ArgumentException("the default model needs at least one history line to train on", nameof(history));
        }

        var profile = HostProfile.Fit(history, out var templateIds, cancellationToken);
        var endings = SessionEndProfile.Learn(history, templateIds);
        var context = ContextProfile.Learn(history, templateIds, endings.IsJudgeable);
        IReadOnlyList<LogRecord> calibrationLines = history;
        var calibration = new DefaultStreamScorer(profile, context, 0, endings, 0, DefaultStreamScorer.DefaultCapacity);
        var heldOutFrom = 0L;
        if (history.Count >= MinimumForHoldout)
        {
            var fitCount = (int)Math.Round(history.Count * (1 - CalibrationShare));
            var fitLines = history.Take(fitCount).ToArray();
            var fitProfile = HostProfile.Fit(fitLines, out var fitIds, cancellationToken);
            var fitEndings = SessionEndProfile.Learn(fitLines, fitIds);
            calibration = new DefaultStreamScorer(
                fitProfile, ContextProfile.Learn(fitLines, fitIds, fitEndings.IsJudgeable), 0, fitEndings, 0, DefaultStreamScorer.DefaultCapacity);
            heldOutFrom = fitCount;
            // The held-out lines continue the sessions the fitted part opened, as they would in production.
            for (var i = 0; i < fitLines.Length; i++)
            {
                calibration.Observe(fitLines[i], fitIds[i]);
            }

            calibrationLines = history.Skip(fitCount).ToArray();
        }

        // In arrival order, because context evidence depends on what came before.
        var assessed = new LineAssessment[calibrationLines.Count];
        for (var i = 0; i < assessed.Length; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            assessed[i] = calibration.Assess(calibrationLines[i]);
        }

        // Only sessions active in the held-out part are judged, and none cut off by the history's end.
        var closings = calibration.Close(all: true).Where(c => c.LastPosition >= heldOutFrom).ToList();
        var calibrated = ThresholdCalibration.From(assessed, _sigma, _alarmBudget);
        // A confirmed anomaly must stay reported whatever the history holds (it may hold the anomaly itself, so it is
        // judged by the final profile, on its own: context evidence only adds to a line's score).
        var threshold = confirmedAnomalies.Count == 0
            ? calibrated.Threshold
            : Math.Min(calibrated.Threshold, Math.BitDecrement(confirmedAnomalies.Min(r => profile.Assess(r).Score)));
        return new DefaultModel(
            profile, context, threshold, calibrated.AlarmsPer10k, endings, ThresholdCalibration.ForClosings(closings, _sigma));
    }
}
