using Lad.Engine.Parse;
using Lad.Engine.Source;
using MathNet.Numerics.Distributions;

namespace Lad.Engine.Model.Default;

/// <summary>
/// Holds out every part of a history too short for its last part alone to measure the alarm budget. The trainer scores
/// the last fifth of a history with a profile fitted on the four before it; where that fifth is shorter than the
/// lines that show one alarm at the budget (1,000 at the default 10 per 10,000), the threshold could only sit at the
/// highest of a few hundred scores, and production brings lines a hair above it: hosts with a few thousand lines of
/// history raised several times their budget. So each other fifth is held out in turn too, scored by a profile fitted
/// on the rest of the history (read in order with that fifth left out), and every line of the history is a held-out
/// line once: five times the lines to calibrate on, from profiles fitted on as much of the history as the last
/// fifth's was. Unless the history drifts (<see cref="Drifts"/>): then the bars are at least what the last part alone
/// gives.
/// </summary>
internal static class CrossFitting
{
    /// <summary>
    /// The longest history cross-fitted, whatever the budget: it costs four more fittings, and a budget small enough to
    /// want more lines than this would have every history cross-fitted.
    /// </summary>
    public const int MaximumLines = 50_000;

    /// <summary>
    /// Whether a history of <paramref name="count"/> lines, whose last <c>count - fitCount</c> are held out, is
    /// cross-fitted at <paramref name="alarmBudget"/> alarms per 10,000 lines: it holds a part out at all, is at most
    /// <see cref="MaximumLines"/> long, and its held-out part is too short to show one alarm at the budget.
    /// </summary>
    public static bool Applies(int count, int fitCount, double alarmBudget) =>
        fitCount > 0 && count <= MaximumLines && (count - fitCount) * alarmBudget < ThresholdCalibration.BudgetLines;

    /// <summary>
    /// The parts held out besides the last (which starts at <paramref name="fitCount"/>), as line ranges: the lines
    /// before it in as many parts of about its size as fit.
    /// </summary>
    public static IReadOnlyList<(int From, int To)> OtherParts(int count, int fitCount)
    {
        var parts = Math.Max(1, (int)Math.Round((double)fitCount / (count - fitCount)));
        return Enumerable.Range(0, parts)
            .Select(p => ((int)((long)p * fitCount / parts), (int)((long)(p + 1) * fitCount / parts)))
            .ToList();
    }

    /// <summary>The confidence with which the last part must be shown to bring novelties more often than the others.</summary>
    public const double DriftConfidence = 0.95;

    /// <summary>
    /// Whether the history drifts: its last part (<paramref name="lastPart"/>) brought novelties (never-seen templates,
    /// values new at routine templates' places, each counted once) more often than the other parts did
    /// (<paramref name="all"/> holds every part's), beyond chance: of all the novelties found, the last part holds more
    /// than its share of the lines would give it at the <see cref="DriftConfidence"/> level. The other parts were scored
    /// by profiles that saw the lines after them, so where a host's traffic moves on (new pages every hour) they look
    /// more usual than production will: a web host's last fifth brought 12 novelties in 800 lines, its other parts none in
    /// 3,200. Its bars are then at least what the last part alone gives.
    /// </summary>
    public static bool Drifts(CalibrationTally lastPart, CalibrationTally all)
    {
        var last = lastPart.NewTemplates + lastPart.RoutineNewValues;
        var found = all.NewTemplates + all.RoutineNewValues;
        if (last == 0)
        {
            return false;
        }

        // The chance that the last part holds at least `last` of the `found` novelties, were they spread as its lines are.
        var share = (double)lastPart.Lines / all.Lines;
        var atLeastAsMany = 1 - Binomial.CDF(share, found, last - 1);
        return atLeastAsMany < 1 - DriftConfidence;
    }

    /// <summary>
    /// Scores the lines <paramref name="from"/> to <paramref name="to"/> of <paramref name="history"/> into
    /// <paramref name="tally"/>, in order, with a profile fitted on every other line (read in order, so the scored
    /// lines come after the history's last line, in the contexts that line left).
    /// </summary>
    public static void HoldOut(HistorySource history, int from, int to, CalibrationTally tally, CancellationToken cancellationToken)
    {
        // Read whole, so a source that gives fewer or more lines than it said is refused as in the trainer's own reads.
        IEnumerable<LogRecord> Fitted() =>
            DefaultModelTrainer.Checked(history.Read(), history.Count, cancellationToken).Where((_, i) => i < from || i >= to);

        var miner = new TemplateMiner();
        foreach (var record in Fitted())
        {
            miner.Learn(record.Message);
        }

        var fit = new ProfileLearning(miner, wordTable: new WordTable());
        var words = new LineWords();
        foreach (var record in Fitted())
        {
            WordExtractor.Extract(record.Message, words);
            fit.Add(record, words, miner.TokensOf(record.Message));
        }

        var stream = DefaultModelTrainer.CalibratingStream(fit, null, Fitted);
        foreach (var record in DefaultModelTrainer.Checked(history.Read(from).Take(to - from), to - from, cancellationToken))
        {
            tally.Add(stream.HoldOut(record, miner.TokensOf(record.Message)));
        }
    }
}
