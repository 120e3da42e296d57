using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Lad.Engine.Evaluation.Detection;
using Lad.Engine.Model;
using Lad.Engine.Model.Lof;
using Lad.Engine.Model.Som;
using Lad.Engine.Persistence;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>
/// <c>lad eval</c>: trains a model on the first part of a labelled log (or on <c>--train</c>), scores the rest,
/// and prints counts, a confusion table, timings and, as the last line, the metrics scripts parse. In session mode a
/// session's score also takes its closing verdict (<see cref="Lad.Engine.Score.ILogStreamScorer.CloseAll"/>).
/// </summary>
internal static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Labelled log to evaluate on (.gz read transparently)." };
        var format = new Option<string>("--format")
        {
            Description = "Line format: bgl (line labels), hdfs, plain.",
            DefaultValueFactory = _ => "plain",
        };
        format.AcceptOnlyFromAmong([.. LineFormats.Names]);
        var messageRegex = new Option<string?>("--message-regex")
        {
            Description = "Custom format: a regex with a named group 'message' and optionally 'level' (overrides --format).",
        };
        var labels = new Option<FileInfo?>("--labels") { Description = "Session labels CSV 'Key,Label' (Normal/Anomaly)." };
        var sessionRegex = new Option<string?>("--session-regex")
        {
            Description = "With --labels: the first match of this regex in a line is its session key. A session's score is the "
                + "maximum of its line scores and its closing score (how it ended versus training sessions, judged at the end "
                + "of input for sessions silent at least twice the idle limit training pauses set); it is flagged when a line or its ending is.",
        };
        var train = new Option<FileInfo?>("--train") { Description = "Separate training log; then all of FILE is the test." };
        var trainFraction = new Option<double>("--train-fraction")
        {
            Description = "Without --train: the first fraction of FILE's lines trains (labels ignored), the rest is scored.",
            DefaultValueFactory = _ => 0.5,
        };
        var model = new Option<string>("--model")
        {
            Description = $"Model kind: {string.Join(", ", ModelCatalog.Kinds)} (novelty: the reference rule, a line of a never-seen template is anomalous).",
            DefaultValueFactory = _ => ModelCatalog.DefaultKind,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed of the trainer.", DefaultValueFactory = _ => 42 };
        var sigma = new Option<double>("--threshold-sigma")
        {
            Description = "Anomaly when score > mean + N*std of training scores (INFER_ANOMALY_THRESHOLD).",
            DefaultValueFactory = _ => DetectorOptions.DefaultThresholdSigma,
        };

        var alarmBudget = AlarmBudgetOption.Create();
        var somNodeMap = new Option<int>("--som-node-map")
        {
            Description = "som model: side of the square map (SOMPY_NODE_MAP).",
            DefaultValueFactory = _ => new SomOptions().SompyNodeMap,
        };

        var lofNeighbors = new Option<int>("--lof-neighbors")
        {
            Description = "lof model: the nearest training lines a line is compared with (LOF_NEIGHBORS).",
            DefaultValueFactory = _ => LofOptions.DefaultNeighbors,
        };
        var lofMetric = new Option<string>("--lof-metric")
        {
            Description = $"lof model: the distance between line vectors (LOF_METRIC): {LofMetrics.Allowed}.",
            DefaultValueFactory = _ => LofMetrics.Name(LofMetric.Euclidean),
        };

        var scores = new Option<FileInfo?>("--scores")
        {
            Description = "Write every scored line or session as tab-separated 'key score margin verdict label reasons' (header row; key: "
                + "line number or session key; margin: score minus its threshold, anomaly where above 0; verdict and label: "
                + "anomaly/normal; reasons joined by ' | ').",
        };

        var command = new Command("eval", "Evaluate a model on a labelled log: precision, recall, F1, AUC, and the best F1 any threshold would give.")
        {
            file, format, messageRegex, labels, sessionRegex, train, trainFraction, model, seed, sigma, alarmBudget, somNodeMap, lofNeighbors, lofMetric, scores,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (!LofMetrics.TryParse(parse.GetValue(lofMetric), out var metric))
            {
                Console.Error.WriteLine($"lad eval: --lof-metric must be one of {LofMetrics.Allowed}, not '{parse.GetValue(lofMetric)}'");
                return Task.FromResult(ExitCodes.Refused);
            }

            var request = new EvalRequest(
                parse.GetValue(file)!.FullName,
                parse.GetValue(format)!,
                parse.GetValue(messageRegex),
                parse.GetValue(labels)?.FullName,
                parse.GetValue(sessionRegex),
                parse.GetValue(train)?.FullName,
                parse.GetValue(trainFraction),
                new DetectorOptions
                {
                    ModelKind = parse.GetValue(model)!,
                    Seed = parse.GetValue(seed),
                    ThresholdSigma = parse.GetValue(sigma),
                    AlarmBudget = parse.GetValue(alarmBudget),
                    Som = new SomOptions { SompyNodeMap = parse.GetValue(somNodeMap) },
                    Lof = new LofOptions { Neighbors = parse.GetValue(lofNeighbors), Metric = metric },
                },
                parse.GetValue(scores)?.FullName);
            return Task.FromResult(Run(request, AnsiConsole.Console, Console.Out, Console.Error, cancellationToken));
        });
        return command;
    }

    /// <summary>
    /// Runs an evaluation and prints tables to <paramref name="console"/> and the metrics line to
    /// <paramref name="output"/> (the same stream in the tool); returns the exit code (0 ok, 1 bad input).
    /// </summary>
    internal static int Run(EvalRequest request, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var (report, testFile, volume) = StageProgress.Run(console, $"reading {request.FilePath}", stage =>
            {
                var evaluated = Evaluate(request, stage, out var file, out var volumes, cancellationToken);
                return (evaluated, file, volumes);
            });
            Print(request, report, testFile, volume, console);
            if (request.ScoresPath is { } scoresPath)
            {
                using var writer = new StreamWriter(scoresPath);
                ScoresFile.Write(writer, report.Scored);
            }

            // Plain text so no terminal width can wrap the line scripts parse.
            output.WriteLine(report.Metrics.SummaryLine());
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or LogInputFormatException
                                       or ModelFormatException or UnauthorizedAccessException or RegexMatchTimeoutException)
        {
            error.WriteLine($"lad eval: {e.Message}");
            return ExitCodes.Refused;
        }
    }

    private static DetectionReport Evaluate(
        EvalRequest request, Action<string> stage, out LogFile testFile, out VolumeReport? volume, CancellationToken cancellationToken)
    {
        if ((request.LabelsPath is null) != (request.SessionRegex is null))
        {
            throw new ArgumentException("--labels and --session-regex go together: give both for session evaluation, or neither");
        }

        foreach (var path in new[] { request.FilePath, request.TrainPath, request.LabelsPath })
        {
            if (path is not null && !File.Exists(path))
            {
                throw new FileNotFoundException($"input file '{path}' does not exist", path);
            }
        }

        var trainer = ModelCatalog.CreateTrainer(request.Options);
        var lineFormat = LineFormats.Create(request.Format, request.MessageRegex);
        var sessions = request.LabelsPath is null ? null : new SessionSpec(request.SessionRegex!, SessionLabels.Read(request.LabelsPath));
        testFile = LogFile.Read(request.FilePath, lineFormat);
        var trainFile = request.TrainPath is null ? null : LogFile.Read(request.TrainPath, lineFormat);
        var split = trainFile is null
            ? EvaluationSplit.ByFraction(testFile.Lines, request.TrainFraction, sessions)
            : EvaluationSplit.Explicit(trainFile.Lines, testFile.Lines, sessions);
        stage($"{request.Options.ModelKind} model: training on {split.Train.Count:N0} lines, then scoring {split.Test.Count:N0}");
        // Reasons are read only from the scores file, so without one lines are scored the daemon's way, at its speed.
        var reasons = request.ScoresPath is null ? ItemReasons.FlaggedOnly : ItemReasons.Every;
        var report = DetectionEvaluator.Run(trainer, split, sessions, reasons, cancellationToken);
        stage("volume anomalies");
        var trainLines = trainFile?.Lines ?? testFile.Lines.Take(split.Train.Count).ToList();
        volume = VolumeEvaluation.Run(trainLines, split.Test, line => IsAnomalous(line, sessions), VolumeOptions.Default);
        return report;
    }

    // A line counts as anomalous by its own label, or in session mode by its session's.
    private static bool IsAnomalous(LabelledLine line, SessionSpec? sessions) =>
        line.IsAnomaly == true
        || (sessions is not null && line.Record.Session is { } session && sessions.Labels.TryGet(session, out var anomalous) && anomalous);

    private static void Print(EvalRequest request, DetectionReport report, LogFile testFile, VolumeReport? volume, IAnsiConsole console)
    {
        var c = report.Metrics.Confusion;
        var unit = report.Mode == "session" ? "sessions" : "lines";
        var counts = new Table().Border(TableBorder.Rounded).AddColumn("count").AddColumn(new TableColumn("value").RightAligned());
        counts.AddRow("model", Markup.Escape(request.Options.ModelKind));
        counts.AddRow("train lines", N(report.TrainLines));
        counts.AddRow("test lines", N(report.TestLines));
        if (testFile.BlankLines + testFile.UnparsedLines > 0)
        {
            counts.AddRow("skipped lines (blank / not matching)", $"{N(testFile.BlankLines)} / {N(testFile.UnparsedLines)}");
        }

        if (report.Mode == "session")
        {
            counts.AddRow("test lines without session key (ignored)", N(report.LinesWithoutKey));
            counts.AddRow("test sessions without label (ignored)", N(report.SessionsWithoutLabel));
        }

        counts.AddRow($"scored {unit}", N(report.Items));
        counts.AddRow($"anomalous {unit} (positives)", N(c.Positives));
        counts.AddRow("threshold", report.Threshold.ToString("0.####", CultureInfo.InvariantCulture));
        if (report.RoutineThreshold < report.Threshold)
        {
            counts.AddRow("  lines of routine templates", report.RoutineThreshold.ToString("0.####", CultureInfo.InvariantCulture));
        }

        counts.AddRow("best F1 of any threshold (oracle)", report.Metrics.OracleF1.ToString("0.000", CultureInfo.InvariantCulture));
        if (report.LiveEndings is { } live)
        {
            counts.AddRow(
                $"session endings reported live (judged every {live.JudgedEveryLines} lines)",
                $"{N(live.Reports)}: {N(live.FlaggedNormal)} of {N(live.Normal)} normal, {N(live.FlaggedAnomalous)} of {N(live.Anomalous)} anomalous sessions");
        }

        if (volume is not null)
        {
            counts.AddRow("volume anomalies (5 min intervals, test part)", N(volume.Findings));
            counts.AddRow(
                "  of them with no labelled anomaly in their time",
                $"{N(volume.Unexplained)} ({volume.UnexplainedPerDay.ToString("0.##", CultureInfo.InvariantCulture)} per day over {DurationText.Of(volume.TestSpan)})");
        }

        counts.AddRow("training time", Timing(report.TrainTime, report.TrainLines));
        counts.AddRow("scoring time", Timing(report.ScoreTime, report.TestLines));
        console.Write(counts);

        var confusion = new Table().Border(TableBorder.Rounded).Title($"confusion ({unit})")
            .AddColumn(string.Empty).AddColumn("flagged").AddColumn("not flagged");
        confusion.AddRow("anomalous", N(c.TruePositives), N(c.FalseNegatives));
        confusion.AddRow("normal", N(c.FalsePositives), N(c.TrueNegatives));
        console.Write(confusion);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // Lines per second make models comparable across datasets of different sizes.
    private static string Timing(TimeSpan elapsed, long lines) =>
        $"{elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s ({N((long)(lines / Math.Max(elapsed.TotalSeconds, 1e-6)))} lines/s)";
}
