using System.Diagnostics;
using System.Runtime;
using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Evaluation.Speed;

/// <summary>
/// Measures a model's training and warm scoring speed, allocation and training memory on one history and test part,
/// beside the template miner alone on the same lines, so figures from different machines or builds compare as ratios.
/// Scoring and matching run on the calling thread; training may use more (it does for the default model's
/// template lookups). Rates are lines per CPU second of the process.
/// </summary>
public static class DetectorSpeed
{
    /// <summary>The fewest timed passes over the test lines, whatever <c>seconds</c> allows.</summary>
    public const int MinimumPasses = 10;

    /// <summary>Trainings after the first, timed one that are not timed, while tiered compilation settles.</summary>
    public const int UntimedWarmUps = 4;

    /// <summary>Warm trainings (and warm learning passes of the miner alone) timed; the median of each is reported.</summary>
    public const int WarmRuns = 3;

    /// <summary>
    /// Untimed passes over the test lines before scoring (and matching) is timed. Tiered compilation goes on
    /// recompiling the scoring path, on a thread of its own that the process CPU clock counts, for about ten passes
    /// of a 100,000-line test part, and those passes ran slower than the settled ones after them.
    /// </summary>
    public const int UntimedScoringPasses = 10;

    /// <summary>
    /// Trains once, then scores the test lines through fresh stream scorers pass after pass for at least
    /// <paramref name="seconds"/> and <see cref="MinimumPasses"/> passes (after <see cref="UntimedScoringPasses"/> untimed
    /// ones), and matches them as long with a miner learned on the history.
    /// </summary>
    public static SpeedReport Run(
        IAnomalyModelTrainer trainer, IReadOnlyList<LogRecord> history, IReadOnlyList<LogRecord> test, double seconds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(test);
        if (history.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException("the speed benchmark needs history lines and test lines");
        }

        var miner = new TemplateMiner();
        // Allocations are read inside the CPU clock's reads, which allocate themselves (a Process object and the parse
        // of its stat file): counted in, they were a kilobyte or two per measurement, which a loaded run that got
        // through one pass of a short test part spread over its few hundred lines.
        var cpu = CpuClock.Now();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var line in history)
        {
            miner.Learn(line.Message);
        }

        var learnBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var learnSeconds = CpuClock.Measured(CpuClock.Now() - cpu, clock);

        var baselineRss = PeakRss();
        // Training may run on several threads: count every thread's allocations.
        cpu = CpuClock.Now();
        allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        // The runtime's compiling on every thread, which the process CPU clock counts: most of a first training.
        var jitBefore = JitInfo.GetCompilationTime();
        clock.Restart();
        var model = trainer.Train(history, cancellationToken);
        var trainBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var trainSeconds = CpuClock.Measured(CpuClock.Now() - cpu, clock);
        var trainJitSeconds = (JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
        // The kernel's high-water mark sums per-CPU counters it syncs lazily, so a later read can come out a little
        // lower than an earlier one; the peak after training is at least the peak before it.
        var trainPeakRss = Math.Max(PeakRss(), baselineRss);

        // Both again once compiled, as a daemon trains one host after another in one process. Tiered compilation goes
        // on optimising through the first five trainings of HDFS_2pct's half, and the process's CPU time counts its
        // thread, so the sixth to eighth are timed, and the median of each kept (one timed training moved by a tenth
        // from run to run on a shared machine).
        for (var run = 0; run < UntimedWarmUps; run++)
        {
            trainer.Train(history, cancellationToken);
        }

        var warmLearns = new double[WarmRuns];
        var warmTrainings = new double[WarmRuns];
        for (var run = 0; run < WarmRuns; run++)
        {
            cpu = CpuClock.Now();
            clock.Restart();
            var warmMiner = new TemplateMiner();
            foreach (var line in history)
            {
                warmMiner.Learn(line.Message);
            }

            warmLearns[run] = CpuClock.Measured(CpuClock.Now() - cpu, clock);
            cpu = CpuClock.Now();
            clock.Restart();
            trainer.Train(history, cancellationToken);
            warmTrainings[run] = CpuClock.Measured(CpuClock.Now() - cpu, clock);
        }

        var warmLearnSeconds = Median(warmLearns);
        var warmTrainSeconds = Median(warmTrainings);

        for (var pass = 0; pass < UntimedScoringPasses; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScorePass(model, test, allocation: null);
            MatchPass(miner, test);
        }

        long scored = 0, flagged = 0;
        cpu = CpuClock.Now();
        allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        clock.Restart();
        // At least MinimumPasses passes, however long a loaded machine kept this thread from them: the runtime now and
        // then allocates a kilobyte on its own during a pass, which a single pass of a short test part spreads over
        // its few hundred lines as bytes per line.
        var passes = 0;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            flagged += ScorePass(model, test, allocation: null);
            scored += test.Count;
        }
        while (++passes < MinimumPasses || clock.Elapsed.TotalSeconds < seconds);

        var scoreBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var scoreSeconds = CpuClock.Now() - cpu;

        // Normal lines' allocation in a pass of its own: read around every line, it cost the timed passes two runtime
        // calls a line.
        var allocation = new NormalLineAllocation();
        ScorePass(model, test, allocation);
        var lasting = LastingStreamAllocation(model, test);

        long matched = 0;
        cpu = CpuClock.Now();
        allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        clock.Restart();
        passes = 0;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            MatchPass(miner, test);
            matched += test.Count;
        }
        while (++passes < MinimumPasses || clock.Elapsed.TotalSeconds < seconds);

        var matchBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var matchSeconds = CpuClock.Now() - cpu;

        return new SpeedReport(
            history.Count,
            test.Count,
            history.Count / trainSeconds,
            history.Count / learnSeconds,
            (double)trainBytes / history.Count,
            (double)learnBytes / history.Count,
            baselineRss,
            trainPeakRss,
            scored / scoreSeconds,
            matched / matchSeconds,
            (double)scoreBytes / scored,
            allocation.PerLine,
            allocation.PerLineInOpenContext,
            allocation.PerNewContext,
            (double)matchBytes / matched,
            (double)flagged / scored,
            history.Count / warmTrainSeconds,
            history.Count / warmLearnSeconds,
            lasting.PerLine,
            lasting.PerNewContext,
            trainSeconds,
            trainJitSeconds);
    }

    /// <summary>Passes a lasting stream scores before the one whose normal lines' allocation is measured.</summary>
    public const int LastingStreamPasses = 2;

    /// <summary>How many lines a lasting stream scores between two closings of its idle sessions (the daemon closes them after every batch it polled).</summary>
    public const int LinesBetweenClosings = 500;

    /// <summary>
    /// What normal lines allocate in a stream that has run a while, as a daemon keeps one per host for months: one
    /// stream scores the test lines <see cref="LastingStreamPasses"/> times, closing idle sessions every
    /// <see cref="LinesBetweenClosings"/> lines, so sessions judged and long silent are forgotten and later ones take
    /// their state; then a pass more is measured. A fresh stream's new contexts each make their state once.
    /// </summary>
    private static NormalLineAllocation LastingStreamAllocation(IAnomalyModel model, IReadOnlyList<LogRecord> test)
    {
        var stream = model.OpenStream();
        var allocation = new NormalLineAllocation();
        for (var pass = 0; pass <= LastingStreamPasses; pass++)
        {
            // The passes before the measured one are measured too, into nothing kept: they are not timed.
            ScoreMeasuring(stream, test, pass == LastingStreamPasses ? allocation : new NormalLineAllocation(), LinesBetweenClosings);
        }

        return allocation;
    }

    /// <summary>
    /// Scores every line through a fresh stream as the daemon does (a verdict only for an anomalous line); returns how
    /// many were flagged, and adds what normal lines allocated to <paramref name="allocation"/>, where given.
    /// </summary>
    private static long ScorePass(IAnomalyModel model, IReadOnlyList<LogRecord> test, NormalLineAllocation? allocation)
    {
        var stream = model.OpenStream();
        long flagged = 0;
        if (allocation is null)
        {
            for (var i = 0; i < test.Count; i++)
            {
                if (stream.ScoreAnomaly(test[i], out _, out _) is not null)
                {
                    flagged++;
                }
            }

            return flagged;
        }

        return ScoreMeasuring(stream, test, allocation, closeIdleEvery: 0);
    }

    /// <summary>
    /// Scores every line through <paramref name="stream"/>, adding what each normal line allocated to
    /// <paramref name="allocation"/> and closing idle sessions every <paramref name="closeIdleEvery"/> lines (never at 0);
    /// returns how many were flagged.
    /// </summary>
    private static long ScoreMeasuring(ILogStreamScorer stream, IReadOnlyList<LogRecord> test, NormalLineAllocation allocation, int closeIdleEvery)
    {
        long flagged = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var contexts = stream.OpenContexts;
            var before = GC.GetAllocatedBytesForCurrentThread();
            if (stream.ScoreAnomaly(test[i], out _, out _) is not null)
            {
                flagged++;
            }
            else
            {
                allocation.Add(GC.GetAllocatedBytesForCurrentThread() - before, openedContext: stream.OpenContexts > contexts);
            }

            if (closeIdleEvery > 0 && (i + 1) % closeIdleEvery == 0)
            {
                stream.CloseIdle();
            }
        }

        return flagged;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    private static void MatchPass(TemplateMiner miner, IReadOnlyList<LogRecord> test)
    {
        for (var i = 0; i < test.Count; i++)
        {
            miner.Match(test[i].Message);
        }
    }

    private static long PeakRss()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
