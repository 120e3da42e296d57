using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Model.Default;
using Lad.Engine.Model.Default.Context;
using Lad.Engine.Persistence;
using Lad.Engine.Score;
using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Default;

/// <summary>Session-end evidence: streams close idle sessions and judge how they ended against training sessions.</summary>
public class SessionEndTests
{
    private static LogRecord Started(int job) => new($"job {job} started by scheduler", "INFO", "app", $"job-{job}");

    private static LogRecord Fetched(int job, int rows) => new($"job {job} fetched {rows} rows from warehouse", "INFO", "app", $"job-{job}");

    private static LogRecord Wrote(int job) => new($"job {job} wrote report to archive", "INFO", "app", $"job-{job}");

    private static LogRecord Finished(int job) => new($"job {job} finished cleanly", "INFO", "app", $"job-{job}");

    /// <summary>Two four-step jobs at a time, interleaved line by line, from job <paramref name="first"/> on.</summary>
    private static List<LogRecord> Jobs(int first, int count, int seed = 7)
    {
        var random = new Random(seed);
        var lines = new List<LogRecord>();
        for (var job = first; job < first + count; job += 2)
        {
            LogRecord[] a = [Started(job), Fetched(job, random.Next(10, 5000)), Wrote(job), Finished(job)];
            LogRecord[] b = [Started(job + 1), Fetched(job + 1, random.Next(10, 5000)), Wrote(job + 1), Finished(job + 1)];
            for (var step = 0; step < 4; step++)
            {
                lines.Add(a[step]);
                lines.Add(b[step]);
            }
        }

        return lines;
    }

    private static DefaultModel Train() =>
        (DefaultModel)ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }).Train(Jobs(0, 400));

    private static readonly Lazy<DefaultModel> Model = new(Train);

    /// <summary>The training history of <see cref="Train"/> with its fitted profile and each line's template, for tests that assemble a stream or a model file by hand.</summary>
    private static (List<LogRecord> History, HostProfile Profile, int[] Ids) TrainingParts()
    {
        var history = Jobs(0, 400);
        var profile = HostProfile.Fit(history, out var templateIds, TestContext.Current.CancellationToken);
        return (history, profile, templateIds);
    }

    /// <summary>Job 9001 starts, fetches and stops; six normal jobs follow and finish.</summary>
    private static IEnumerable<LogRecord> StoppedJobThenNormalOnes() =>
        new[] { Started(9001), Fetched(9001, 40) }.Concat(Jobs(9100, 6, seed: 3));

    private static List<SessionVerdict> ScoreThenClose(ILogStreamScorer stream, Func<ILogStreamScorer, IReadOnlyList<SessionVerdict>> close)
    {
        foreach (var line in StoppedJobThenNormalOnes())
        {
            Assert.False(stream.Score(line).IsAnomaly, line.Message);
        }

        return close(stream).ToList();
    }

    [Fact]
    public void SessionThatStopsEarlyIsFlaggedWithFiguresOnceIdle()
    {
        var closed = ScoreThenClose(Model.Value.OpenStream(), s => s.CloseIdle());

        var stopped = Assert.Single(closed, c => c.Session == "job-9001");
        Assert.True(stopped.Verdict.IsAnomaly);
        Assert.Equal(2, stopped.Lines);
        Assert.StartsWith(
            "session ended after 'job <*> fetched <*> rows from warehouse' (idle 24 lines, 2 lines in all); 0 of 398 training sessions reaching it ended there (the rest went on within 2 lines), and 0 of 400 were left with the same template counts; idle 6.0 times the idle limit, so 83% sure it ended",
            stopped.Verdict.Explanation.Reasons[0],
            StringComparison.Ordinal);
        Assert.Equal("job <*> fetched <*> rows from warehouse", stopped.Verdict.Explanation.Template);
        Assert.Equal(400, stopped.Verdict.Explanation.TemplateTrainingCount);
        Assert.Equal(0.25, stopped.Verdict.Explanation.TemplateTrainingFrequency);
    }

    [Fact]
    public void SessionsOfNormalLengthCloseUnflagged()
    {
        var closed = ScoreThenClose(Model.Value.OpenStream(), s => s.CloseIdle(explainNormal: true));

        var normal = closed.Where(c => c.Session != "job-9001").ToList();
        // The last two jobs finished within the usual pause, so they are not closed yet.
        Assert.Equal(["job-9100", "job-9101", "job-9102", "job-9103"], normal.Select(c => c.Session).Order());
        Assert.All(normal, c =>
        {
            Assert.False(c.Verdict.IsAnomaly, c.Verdict.Explanation.Reasons[0]);
            Assert.Equal(4, c.Lines);
            Assert.StartsWith("session ended after 'job <*> finished cleanly'", Assert.Single(c.Verdict.Explanation.Reasons), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void OnlyAnomalousEndingsAreExplainedUnlessAskedForEvery()
    {
        // A daemon keeps only anomalous endings, so writing the sentence of every session that ended as training's
        // did was work thrown away after each batch.
        var closed = ScoreThenClose(Model.Value.OpenStream(), s => s.CloseIdle());

        var stopped = Assert.Single(closed, c => c.Verdict.IsAnomaly);
        Assert.Equal("job-9001", stopped.Session);
        Assert.StartsWith("session ended after 'job <*> fetched <*> rows from warehouse'", Assert.Single(stopped.Verdict.Explanation.Reasons), StringComparison.Ordinal);
        var normal = closed.Where(c => !c.Verdict.IsAnomaly).ToList();
        Assert.Equal(4, normal.Count);
        Assert.All(normal, c =>
        {
            Assert.Empty(c.Verdict.Explanation.Reasons);
            Assert.Equal("job <*> finished cleanly", c.Verdict.Explanation.Template);
            Assert.True(c.Verdict.Score <= c.Verdict.Threshold);
        });
    }

    [Fact]
    public void EndOfInputClosesOnlySessionsIdleLongEnoughAndForgetsTheRest()
    {
        var stream = Model.Value.OpenStream();
        foreach (var line in Jobs(9100, 4, seed: 3).Append(Started(9001)).Append(Fetched(9001, 40)))
        {
            stream.Score(line);
        }

        var closed = stream.CloseAll();

        // Job 9001 stopped right at the end of input: it may just have been cut off, so it is not judged.
        Assert.DoesNotContain(closed, c => c.Session == "job-9001");
        Assert.Equal(["job-9100", "job-9101"], closed.Select(c => c.Session).Order());
        Assert.Empty(stream.CloseAll());
        // Forgotten: the job's next line opens a new session, which skipping to 'wrote' makes odd.
        Assert.True(stream.Score(Wrote(9001)).IsAnomaly);
    }

    [Theory]
    [InlineData(3, 4, 0.0)]
    [InlineData(4, 4, 0.0)]
    [InlineData(8, 4, 0.5)]
    [InlineData(40, 4, 0.9)]
    public void EndingCertaintyGrowsWithSilenceBeyondTheIdleLimit(long idle, long limit, double expected) =>
        Assert.Equal(expected, SessionEndProfile.EndingCertainty(idle, limit), 10);

    [Fact]
    public void ASessionJustPastTheIdleLimitIsNotJudgedUntilItsEndingIsLikely()
    {
        var stream = Model.Value.OpenStream();
        stream.Score(Started(9001));
        stream.Score(Fetched(9001, 40));
        // The idle limit after 'fetched' is 4 lines: at 5 to 7 lines of silence the job may just be slow.
        foreach (var line in Jobs(9100, 2, seed: 3).Take(7))
        {
            stream.Score(line);
            Assert.DoesNotContain(stream.CloseIdle(), c => c.Session == "job-9001");
        }

        stream.Score(Jobs(9100, 2, seed: 3)[7]);
        var stopped = Assert.Single(stream.CloseIdle(), c => c.Session == "job-9001");
        Assert.True(stopped.Verdict.IsAnomaly);
        Assert.Contains("idle 2.0 times the idle limit, so 50% sure it ended", stopped.Verdict.Explanation.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnusualEndingBelowTheClosingThresholdWaitsUntilTheSilenceMakesItAnomalous()
    {
        var (history, profile, ids) = TrainingParts();
        // A never-seen ending scores 0.231 when certain: 0.16 is passed from 70% certainty (idle 14 lines) on.
        var stream = new DefaultStreamScorer(
            profile, ContextProfile.Learn(history, ids), Model.Value.Thresholds, SessionEndProfile.Learn(history, ids), 0.16, 1000);
        stream.Score(Started(9001));
        stream.Score(Fetched(9001, 40));
        var later = Jobs(9100, 6, seed: 3);
        var reports = new List<(int Idle, SessionVerdict Verdict)>();
        for (var i = 0; i < later.Count; i++)
        {
            stream.Score(later[i]);
            reports.AddRange(stream.CloseIdle().Where(c => c.Session == "job-9001").Select(c => (i + 1, c)));
        }

        var report = Assert.Single(reports);
        Assert.Equal(14, report.Idle);
        Assert.True(report.Verdict.Verdict.IsAnomaly);
        Assert.InRange(report.Verdict.Verdict.Score, 0.16, 0.231);
    }

    [Fact]
    public void AJudgedSessionIsJudgedOncePerPauseAndALateLineContinuesIt()
    {
        var stream = Model.Value.OpenStream();
        ScoreThenClose(stream, s => s.CloseIdle());

        Assert.Empty(stream.CloseIdle());
        // The late line continues job 9001 (wrote follows fetched), so it is not an odd opening step.
        Assert.False(stream.Score(Wrote(9001)).IsAnomaly);
        foreach (var line in Jobs(9300, 6, seed: 4))
        {
            stream.Score(line);
        }

        var again = Assert.Single(stream.CloseIdle(), c => c.Session == "job-9001");
        Assert.Equal(3, again.Lines);
    }

    [Fact]
    public void ANewSessionTakesTheStateOfOneForgottenSoALongRunningStreamAllocatesNothingForRoutineLines()
    {
        // As the daemon runs a host's stream: idle sessions closed after every batch (here every line), so finished
        // jobs are judged, then forgotten once long silent, while new ones keep starting.
        var stream = Model.Value.OpenStream();
        var lines = Jobs(20_000, 800, seed: 5);
        var half = lines.Count / 2;
        for (var i = 0; i < half; i++)
        {
            stream.ScoreAnomaly(lines[i], out _, out _);
            stream.CloseIdle();
        }

        var routine = 0;
        var opening = 0;
        var allocating = 0;
        long bytes = 0;
        for (var i = half; i < lines.Count; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var verdict = stream.ScoreAnomaly(lines[i], out _, out _);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            stream.CloseIdle();
            if (verdict is not null)
            {
                continue;
            }

            routine++;
            opening += lines[i].Message.EndsWith("started by scheduler", StringComparison.Ordinal) ? 1 : 0;
            bytes += allocated;
            allocating += allocated > 0 ? 1 : 0;
        }

        Assert.True(routine >= 1500 && opening >= 390, $"{routine} routine lines, {opening} of them opening a session: too few to show anything");
        // Each job's first line opens a session; with the states of finished jobs reused it allocates nothing either.
        // One line may carry a one-off allocation of the runtime's own (see StreamScorerTests).
        Assert.True(allocating <= 1, $"{allocating} of {routine} routine lines allocated, {bytes} bytes in all");
        Assert.InRange(stream.OpenContexts, 1, 12);
    }

    [Fact]
    public void AJudgedSessionIsForgottenOnceSilentTenIdleLimitsSoAStreamHoldsTheSessionsStillGoing()
    {
        var stream = Model.Value.OpenStream();
        stream.Score(Started(9001));
        stream.Score(Fetched(9001, 40));
        var later = Jobs(9100, 200, seed: 3);
        var judgedAtIdle = 0;
        var most = 0;
        for (var i = 0; i < later.Count; i++)
        {
            stream.Score(later[i]);
            if (stream.CloseIdle().Any(c => c.Session == "job-9001"))
            {
                judgedAtIdle = i + 1;
            }

            most = Math.Max(most, stream.OpenContexts);
        }

        // Judged at twice the idle limit after 'fetched' (4 lines), then forgotten with the 200 jobs that finished
        // normally: the stream holds the few jobs of the last 40 lines, not all 201.
        Assert.Equal(8, judgedAtIdle);
        Assert.InRange(stream.OpenContexts, 1, 12);
        Assert.InRange(most, 1, 12);
        // A line of job 9001 after so long a silence opens it afresh, and a job that begins by writing is news.
        var late = stream.Score(Wrote(9001));
        Assert.True(late.IsAnomaly);
        Assert.Contains(late.Explanation.Reasons, r => r.Contains("opening a session happened 0 times", StringComparison.Ordinal));
    }

    [Fact]
    public void AStreamBusierThanItsHistoryLearnsItsOwnPausesInsteadOfReportingEveryOneAsAnEnding()
    {
        // Training ran two jobs at a time (a pause of 2 lines between a job's steps, an idle limit of 4); here ten run at
        // once, so every job pauses 10 lines between its steps, past twice that limit, and finishes normally.
        var stream = Model.Value.OpenStream();
        var reportedAt = new List<int>();
        var lines = 0;
        for (var first = 9000; first < 9000 + 400; first += 10)
        {
            var jobs = Enumerable.Range(first, 10).ToList();
            foreach (var step in new Func<int, LogRecord>[] { Started, j => Fetched(j, 40 + j % 7), Wrote, Finished })
            {
                foreach (var job in jobs)
                {
                    stream.Score(step(job));
                    lines++;
                    reportedAt.AddRange(stream.CloseIdle().Where(c => c.Verdict.IsAnomaly).Select(_ => lines));
                }
            }
        }

        // The first pauses are judged endings; once a hundred pauses after a step were seen, the stream's own limit
        // (twice their 99th percentile) takes over and the rest of the 400 jobs report nothing.
        Assert.NotEmpty(reportedAt);
        Assert.InRange(reportedAt.Max(), 1, 400);
        Assert.Equal(1600, lines);
    }

    [Fact]
    public void LivePausesGiveTwiceTheirNinetyNinthPercentileOnceAHundredWereSeen()
    {
        var pauses = new LivePauses();
        for (var i = 0; i < 99; i++)
        {
            pauses.Record(7, 10);
        }

        Assert.Equal(0, pauses.LimitAfter(7));
        pauses.Record(7, 10);
        pauses.Record(7, 1000);
        // 101 pauses: the 99th percentile is the bucket of 10 (10 and 11), so twice its end.
        Assert.Equal(2 * 12, pauses.LimitAfter(7));
        for (var i = 0; i < 100; i++)
        {
            pauses.Record(7, 10);
        }

        pauses.Record(7, 1000);
        pauses.Record(7, 1000);
        pauses.Record(7, 1000);
        for (var i = 0; i < 60; i++)
        {
            pauses.Record(7, 10);
        }

        // 264 pauses, 4 of them long: more than 1% are 1,000 lines (the bucket of 896 to 1,023).
        Assert.Equal(2 * 1024, pauses.LimitAfter(7));
        Assert.Equal(0, pauses.LimitAfter(8));
        Assert.Equal([2, 4, 5, 6, 7, 8, 10], new[] { 0, 4, 8, 9, 10, 11, 12 }.Select(b => LivePauses.UpperBound(b)));
    }

    [Fact]
    public void ClosingIsDeterministic()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        ModelCatalog.Save(Train(), first);
        ModelCatalog.Save(Train(), second);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(
            ScoreThenClose(Model.Value.OpenStream(), s => s.CloseAll()).Select(c => (c.Session, c.Verdict.Score)),
            ScoreThenClose(Model.Value.OpenStream(), s => s.CloseAll()).Select(c => (c.Session, c.Verdict.Score)));
    }

    [Fact]
    public void SavedAndLoadedModelClosesSessionsIdentically()
    {
        using var file = new MemoryStream();
        ModelCatalog.Save(Model.Value, file);
        file.Position = 0;
        var loaded = (DefaultModel)ModelCatalog.Load(file);

        var expected = ScoreThenClose(Model.Value.OpenStream(), s => s.CloseIdle(explainNormal: true));
        var actual = ScoreThenClose(loaded.OpenStream(), s => s.CloseIdle(explainNormal: true));

        Assert.Equal(Model.Value.ClosingThreshold, loaded.ClosingThreshold);
        Assert.Contains(actual, c => c.Verdict.IsAnomaly);
        Assert.Equal(expected.Select(c => (c.Session, c.Lines, c.Verdict.Score, c.Verdict.Threshold, c.Verdict.Explanation.Reasons[0])),
            actual.Select(c => (c.Session, c.Lines, c.Verdict.Score, c.Verdict.Threshold, c.Verdict.Explanation.Reasons[0])));
    }

    [Fact]
    public void ModelFilesFromBeforeSessionEndLoadAndCloseNothing()
    {
        // Payload version 2: threshold, host profile and context profile, no session end profile.
        var (history, profile, ids) = TrainingParts();
        var context = ContextProfile.Learn(history, ids);
        using var file = new MemoryStream();
        ModelFile.Write(file, DefaultModel.KindName, w =>
        {
            w.Write(2);
            w.Write(Model.Value.Threshold);
            profile.WriteTo(w);
            context.WriteTo(w);
        });
        file.Position = 0;
        var loaded = ModelCatalog.Load(file);

        Assert.Empty(ScoreThenClose(loaded.OpenStream(), s => s.CloseIdle()));
    }

    [Fact]
    public void CorruptSessionEndingIsRejectedNamingIt()
    {
        var (history, profile, ids) = TrainingParts();
        var context = ContextProfile.Learn(history, ids);
        var template = profile.TemplateIdOf(Started(1));
        using var file = new MemoryStream();
        ModelFile.Write(file, DefaultModel.KindName, w =>
        {
            w.Write(3);
            w.Write(Model.Value.Threshold);
            profile.WriteTo(w);
            context.WriteTo(w);
            w.Write(0.0);
            w.Write(1);
            w.Write(8L);
            w.Write(1);
            w.Write(template);
            w.Write(0L); // an idle pause of 0 lines
            w.Write(10L);
            w.Write(0L);
        });
        file.Position = 0;

        var error = Assert.Throws<ModelFormatException>(() => ModelCatalog.Load(file));
        Assert.Equal($"model file: the session ending of template {template} is invalid", error.Message);
    }

    [Fact]
    public void SessionEvaluationScoresSessionsByTheirClosingVerdict()
    {
        // Every line of job 9001 looks normal; only how it ended tells it apart.
        var report = EvaluateJobs(StoppedJobThenNormalOnes().Concat(Jobs(9200, 20, seed: 5)), anomalous: "job-9001");

        Assert.Equal(1.0, report.Metrics.Confusion.Recall);
        Assert.Equal(1.0, report.Metrics.Confusion.Precision);
        Assert.Equal(1.0, report.Metrics.Auc);
        // Judged live, as a daemon judges, the same one ending is reported.
        Assert.Equal(new LiveEndingsReport(LiveEndings.JudgedEveryLines, 1, 0, 26, 1, 1), report.LiveEndings);
    }

    [Fact]
    public void SessionEvaluationTellsWhatADaemonJudgingWhileLinesArriveWouldReport()
    {
        // Job 9001 pauses six jobs long after fetching, far past its idle limit, then writes and finishes; job 9002
        // stops after fetching for good.
        var report = EvaluateJobs(
            new[] { Started(9001), Fetched(9001, 40) }
                .Concat(Jobs(9100, 6, seed: 3))
                .Concat([Wrote(9001), Finished(9001), Started(9002), Fetched(9002, 12)])
                .Concat(Jobs(9200, 6, seed: 5)),
            anomalous: "job-9002");

        // At the end of input job 9001 is a finished job; live, its pause was reported as an ending first.
        Assert.Equal((1, 0), (report.Metrics.Confusion.TruePositives, report.Metrics.Confusion.FalsePositives));
        Assert.Equal(new LiveEndingsReport(LiveEndings.JudgedEveryLines, 2, 1, 13, 1, 1), report.LiveEndings);
    }

    // `lad eval` on sessions keyed by job id: trained on 400 normal jobs, testing `test` with one job labelled anomalous.
    private static DetectionReport EvaluateJobs(IEnumerable<LogRecord> test, string anomalous)
    {
        var lines = test.Select((r, i) => new LabelledLine(r, i + 1, null, r.Message)).ToList();
        var labelsPath = Path.Combine(Path.GetTempPath(), $"lad-sessionend-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(labelsPath, lines.Select(l => l.Record.Session!).Distinct()
            .Select(s => $"{s},{(s == anomalous ? "Anomaly" : "Normal")}"));
        try
        {
            return DetectionEvaluator.Run(
                ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = "default" }),
                new EvaluationSplit(Jobs(0, 400), lines),
                new SessionSpec(@"job-\d+", SessionLabels.Read(labelsPath)),
                TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(labelsPath);
        }
    }
}
