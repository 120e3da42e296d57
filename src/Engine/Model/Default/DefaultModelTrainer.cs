using System.Globalization;
using System.Runtime.InteropServices;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Parse;
using Lad.Engine.Source;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Trains a <see cref="DefaultModel"/>. The threshold comes from scores the model would give lines it has not
/// learned: a profile fitted on the first 80% of the history scores the last 20% (so new-but-normal lines are
/// represented as they will be in production), then the final profile is fitted on all of it. Where that fifth is too
/// short to show one alarm at the budget, every other fifth is held out in turn as well (<see cref="CrossFitting"/>).
/// See <see cref="ThresholdCalibration"/> for how <see cref="DetectorOptions.ThresholdSigma"/> turns those scores into the
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
        return Train(HistorySource.Of(history), confirmedAnomalies, cancellationToken);
    }

    /// <summary>
    /// Trains as <see cref="Train(IReadOnlyList{LogRecord}, IReadOnlyList{LogRecord}, CancellationToken)"/>, reading
    /// <paramref name="history"/> twice in order and keeping what the model learns, never its lines: the miner learns
    /// every line (a copy of it taken where the held-out part starts), then each line is profiled: a line of the part
    /// before it under both miners (learned once for both while they agree, see <see cref="CalibratingLearning"/>), and once that part is profiled (the calibrating profile complete), each held-out
    /// line under the final miner and scored by the calibrating profile into a <see cref="CalibrationTally"/>. A
    /// cross-fitted history (<see cref="CrossFitting.Applies"/>) is read three more times for each other fifth held out.
    /// </summary>
    public IAnomalyModel Train(HistorySource history, IReadOnlyList<LogRecord> confirmedAnomalies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(confirmedAnomalies);
        var count = history.Count;
        if (count == 0)
        {
            throw new ArgumentException("the default model needs at least one history line to train on", nameof(history));
        }

        // Lines before this one fit the calibrating profile; 0 when the history is too short to hold any out.
        var fitCount = count >= MinimumForHoldout ? (int)Math.Round(count * (1 - CalibrationShare)) : 0;
        var miner = new TemplateMiner();
        TemplateMiner? fitMiner = null;
        var i = 0;
        foreach (var record in Checked(history.Read(), count, cancellationToken))
        {
            if (i++ == fitCount && fitCount > 0)
            {
                fitMiner = Copy(miner);
            }

            miner.Learn(record.Message);
        }

        // A second pass, because templates generalise and merge while learning: profiles must describe the final ones.
        // Both profiles count a line's words by the numbers one table gives them.
        var wordTable = new WordTable();
        var final = new ProfileLearning(miner, wordTable: wordTable);
        // The calibrating profile's lines are the first of the final one's: they are learned once for both while the
        // two miners agree on them, and it takes the final one's history-wide counts where its part ends instead of
        // counting those lines' words again.
        var fit = fitMiner is null ? null : new CalibratingLearning(final, miner, fitMiner);
        DefaultStreamScorer? calibration = null;
        var tally = new CalibrationTally(count - fitCount, _alarmBudget);
        // Every line held out, where the last part alone is too short to measure the budget (null otherwise).
        CalibrationTally? crossFitted = null;
        if (CrossFitting.Applies(count, fitCount, _alarmBudget))
        {
            crossFitted = new CalibrationTally(count, _alarmBudget);
            foreach (var (from, to) in CrossFitting.OtherParts(count, fitCount))
            {
                CrossFitting.HoldOut(history, from, to, crossFitted, cancellationToken);
            }
        }

        var words = new LineWords();
        // Where each final template's first line came, and its lines in the part the calibrating profile was fitted on
        // (see Unproven below).
        var early = new Dictionary<int, (int First, int Fitted)>();
        i = 0;
        foreach (var record in Checked(history.Read(), count, cancellationToken))
        {
            if (i == fitCount && fit is not null)
            {
                calibration = CalibratingStream(fit.Learned(), final.CopyOfLineCounts(), () => Checked(history.Read().Take(fitCount), fitCount, cancellationToken));
            }

            WordExtractor.Extract(record.Message, words);
            // The calibrating miner is a copy of the final one, so it masks alike: a line is tokenised once for both.
            var tokens = miner.TokensOf(record.Message);
            var template = i < fitCount ? fit!.Add(record, words, tokens) : final.Add(record, words, tokens);
            ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(early, template, out var known);
            seen = (known ? seen.First : i, seen.Fitted + (i < fitCount ? 1 : 0));
            if (i >= fitCount && calibration is not null)
            {
                // In arrival order, because context evidence depends on what came before.
                var heldOut = calibration.HoldOut(record, tokens);
                tally.Add(heldOut);
                crossFitted?.Add(heldOut);
            }

            i++;
        }

        var (profile, context, endings) = final.Complete();
        if (calibration is null)
        {
            // A history too short to hold a part out calibrates on all its lines, scored by the final profile: a third
            // read, of a short history.
            calibration = new DefaultStreamScorer(profile, context, default, endings, 0, DefaultStreamScorer.DefaultCapacity);
            foreach (var record in Checked(history.Read(), count, cancellationToken))
            {
                tally.Add(calibration.HoldOut(record, profile.TokensOf(record.Message)));
            }
        }

        if (fit is not null)
        {
            tally.RaiseTo(record => profile.Weigh(record).Score);
            crossFitted?.RaiseTo(record => profile.Weigh(record).Score);
        }

        // Only sessions active in the held-out part are judged, and none cut off by the history's end.
        var closings = calibration.Close(all: true).Where(c => c.LastPosition >= fitCount).ToList();
        // A cross-fitted history's bars are at least its last part's alone where it drifts.
        var calibrated = crossFitted is null
            ? ThresholdCalibration.From(tally, _sigma, _alarmBudget)
            : ThresholdCalibration.From(crossFitted, _sigma, _alarmBudget,
                CrossFitting.Drifts(tally, crossFitted) ? ThresholdCalibration.From(tally, _sigma, _alarmBudget).Thresholds : null);

        // A confirmed anomaly must stay reported whatever the history holds (it may hold the anomaly itself, so it is
        // judged by the final profile, on its own: context evidence only adds to a line's score).
        var thresholds = calibrated.Thresholds.WithUnproven(Unproven(profile, early, count, fitCount))
            .Below(confirmedAnomalies.Select(r => profile.Assess(r)));
        return new DefaultModel(
            profile, context, thresholds, calibrated.AlarmsPer10k, endings, ThresholdCalibration.ForClosings(closings, _sigma));
    }

    /// <summary>
    /// The templates routine in the final profile that first came in the second half of the history or were not routine
    /// in the part the calibrating profile was fitted on (<paramref name="early"/> has each template's first line and
    /// its lines among the first <paramref name="fitCount"/> of <paramref name="count"/>; none when no line was held
    /// out): they became common late, so their values have not shown how they settle, and the held-out lines of those
    /// not routine in the fitted part were counted as rare or new ones (see <see cref="LineThresholds.Unproven"/>).
    /// </summary>
    private static HashSet<int> Unproven(HostProfile profile, Dictionary<int, (int First, int Fitted)> early, int count, int fitCount)
    {
        var unproven = new HashSet<int>();
        if (fitCount == 0)
        {
            return unproven;
        }

        foreach (var template in profile.Templates)
        {
            var (first, fitted) = early.GetValueOrDefault(template.TemplateId, (count, 0));
            if (LineThresholds.IsRoutine((double)template.Count / profile.Lines)
                && (first >= count / 2 || !LineThresholds.IsRoutine((double)fitted / fitCount)))
            {
                unproven.Add(template.TemplateId);
            }
        }

        return unproven;
    }

    /// <summary>
    /// The calibrating profile, completed once the lines it is fitted on are profiled (<paramref name="fitCounts"/>: the
    /// final profile's history-wide counts there, or null where the learning counted its lines), as a stream the
    /// held-out lines continue as they would in production: it takes over the fitted lines' contexts, or observes
    /// those lines again (<paramref name="fittedLines"/> reads them) where it would have forgotten some.
    /// </summary>
    internal static DefaultStreamScorer CalibratingStream(
        ProfileLearning fit, HistoryLineCounts? fitCounts, Func<IEnumerable<LogRecord>> fittedLines)
    {
        var (fitProfile, fitContext, fitEndings) = fit.Complete(fitCounts);
        var observed = fit.StatesAsStream(DefaultStreamScorer.DefaultCapacity)
                       ?? DefaultStreamScorer.Observed(fittedLines(), fitProfile, DefaultStreamScorer.DefaultCapacity);
        return new DefaultStreamScorer(fitProfile, fitContext, default, fitEndings, 0, observed, fitProfile.Lines);
    }

    /// <summary>A model of the miner as it stands, learning on without it.</summary>
    private static TemplateMiner Copy(TemplateMiner miner)
    {
        using var buffer = new MemoryStream();
        miner.Save(buffer);
        buffer.Position = 0;
        return TemplateMiner.Load(buffer);
    }

    /// <summary>The lines of one read, checking for cancellation now and then and that the source yields as many lines as it said.</summary>
    internal static IEnumerable<LogRecord> Checked(IEnumerable<LogRecord> lines, int expected, CancellationToken cancellationToken)
    {
        var read = 0;
        foreach (var line in lines)
        {
            if ((read & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (++read > expected)
            {
                break;
            }

            yield return line;
        }

        if (read != expected)
        {
            throw new InvalidOperationException(
                $"the history source said it holds {expected} lines to read but gave {(read > expected ? "more" : read.ToString(CultureInfo.InvariantCulture))} (did the history change while training read it?)");
        }
    }
}
