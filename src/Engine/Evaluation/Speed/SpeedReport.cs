namespace Lad.Engine.Evaluation.Speed;

/// <summary>
/// What <see cref="DetectorSpeed"/> measured, each figure beside its baseline from the same run: the template
/// miner alone (learning the history for training, matching the test lines for scoring) and, for memory, the process
/// with the lines loaded and the miner learned.
/// </summary>
/// <param name="TrainLines">History lines trained on.</param>
/// <param name="TestLines">Test lines per scoring pass.</param>
/// <param name="TrainLinesPerSecond">Model training, history lines per CPU second (all its threads).</param>
/// <param name="LearnLinesPerSecond">Baseline: the template miner learning the same history.</param>
/// <param name="TrainBytesPerLine">Bytes the training thread allocated per history line.</param>
/// <param name="LearnBytesPerLine">Baseline: bytes the miner allocated per history line while learning.</param>
/// <param name="BaselineRssBytes">Peak resident memory before the model trained (lines loaded, miner learned).</param>
/// <param name="TrainPeakRssBytes">Peak resident memory once the model trained.</param>
/// <param name="ScoreLinesPerSecond">Warm scoring through a stream scorer on one thread, test lines per CPU second.</param>
/// <param name="MatchLinesPerSecond">Baseline: matching the same lines with the template miner alone.</param>
/// <param name="ScoreBytesPerLine">Bytes allocated per scored line, all lines.</param>
/// <param name="ScoreBytesPerNormalLine">Bytes allocated per scored line the model did not flag.</param>
/// <param name="ScoreBytesPerNormalLineInOpenContext">As <paramref name="ScoreBytesPerNormalLine"/>, for lines that came
/// in a context (session or host stream) already open.</param>
/// <param name="ScoreBytesPerNewContext">Bytes allocated per normal line that opened a context: the context's state
/// and the stream's entry for it, made once per session.</param>
/// <param name="MatchBytesPerLine">Baseline: bytes the miner allocated per matched line.</param>
/// <param name="FlaggedShare">The share of scored lines the model flagged.</param>
/// <param name="WarmTrainLinesPerSecond">The median of the sixth to eighth trainings of the same history in the same
/// process, history lines per CPU second: with its code compiled, as a daemon trains host after host (the first one,
/// above, includes the JIT).</param>
/// <param name="WarmLearnLinesPerSecond">Baseline: the median of fresh template miners learning the same history
/// before each of those.</param>
/// <param name="LastingStreamBytesPerNormalLine">As <paramref name="ScoreBytesPerNormalLine"/>, in a stream that has run
/// a while, closing idle sessions as the daemon does (see <see cref="DetectorSpeed.LastingStreamPasses"/>).</param>
/// <param name="LastingStreamBytesPerNewContext">As <paramref name="ScoreBytesPerNewContext"/>, in that stream, where a
/// new context takes the state of one forgotten.</param>
/// <param name="TrainSeconds">The first training's CPU seconds (all the process's threads).</param>
/// <param name="TrainJitSeconds">Of them, about how long the runtime spent compiling code meanwhile, on any thread.</param>
public sealed record SpeedReport(
    long TrainLines,
    long TestLines,
    double TrainLinesPerSecond,
    double LearnLinesPerSecond,
    double TrainBytesPerLine,
    double LearnBytesPerLine,
    long BaselineRssBytes,
    long TrainPeakRssBytes,
    double ScoreLinesPerSecond,
    double MatchLinesPerSecond,
    double ScoreBytesPerLine,
    double ScoreBytesPerNormalLine,
    double ScoreBytesPerNormalLineInOpenContext,
    double ScoreBytesPerNewContext,
    double MatchBytesPerLine,
    double FlaggedShare,
    double WarmTrainLinesPerSecond,
    double WarmLearnLinesPerSecond,
    double LastingStreamBytesPerNormalLine,
    double LastingStreamBytesPerNewContext,
    double TrainSeconds,
    double TrainJitSeconds);
