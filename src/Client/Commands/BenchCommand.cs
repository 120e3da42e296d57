using System.CommandLine;
using System.Globalization;
using Lad.Engine.Evaluation.Speed;
using Lad.Engine.Model;
using Lad.Engine.Source;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>
/// <c>lad bench</c>: training and scoring speed, allocation and training memory of a model on a log file, each beside
/// the template miner alone in the same run (see <see cref="DetectorSpeed"/>); the last line holds the figures scripts
/// parse.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Log to train on (its first part) and score (the rest); .gz read transparently." };
        var format = new Option<string>("--format")
        {
            Description = "Line format: bgl, hdfs, plain.",
            DefaultValueFactory = _ => "plain",
        };
        format.AcceptOnlyFromAmong([.. LineFormats.Names]);
        var sessionRegex = new Option<string?>("--session-regex")
        {
            Description = "The first match of this regex in a line is its session key (context is then judged per session).",
        };
        var trainFraction = new Option<double>("--train-fraction")
        {
            Description = "The first fraction of the lines trains, the rest is scored.",
            DefaultValueFactory = _ => 0.5,
        };
        var model = new Option<string>("--model")
        {
            Description = $"Model kind: {string.Join(", ", ModelCatalog.Kinds)}.",
            DefaultValueFactory = _ => ModelCatalog.DefaultKind,
        };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Minimum measured time of scoring and of matching, in seconds.",
            DefaultValueFactory = _ => 3.0,
        };
        var command = new Command("bench", "Measure a model's training and scoring speed (lines/s, bytes per line, peak RSS) beside the template miner alone")
        {
            file, format, sessionRegex, trainFraction, model, seconds,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            parse.GetValue(file)!.FullName,
            parse.GetValue(format)!,
            parse.GetValue(sessionRegex),
            parse.GetValue(trainFraction),
            parse.GetValue(model)!,
            parse.GetValue(seconds),
            cancellationToken)));
        return command;
    }

    private static int Run(
        string path, string format, string? sessionRegex, double trainFraction, string model, double seconds, CancellationToken cancellationToken)
    {
        if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
        {
            return Refuse($"--seconds must be between 0 and 3600, not {seconds.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!(trainFraction > 0 && trainFraction < 1))
        {
            return Refuse($"--train-fraction must be greater than 0 and less than 1, not {trainFraction.ToString(CultureInfo.InvariantCulture)}");
        }

        SessionKeyPattern? sessions = null;
        if (sessionRegex is not null && !SessionKeyPattern.TryCreate(sessionRegex, out sessions, out var problem))
        {
            return Refuse($"--session-regex: {problem}");
        }

        if (!File.Exists(path))
        {
            return Refuse($"input file '{path}' does not exist");
        }

        IReadOnlyList<LabelledLine> lines;
        try
        {
            lines = LogFile.Read(path, LineFormats.Create(format, null)).Lines;
        }
        catch (Exception e) when (e is IOException or LogInputFormatException or UnauthorizedAccessException)
        {
            return Refuse(e.Message);
        }

        var records = lines.Select(l => sessions?.KeyOf(l.RawLine) is { } key ? l.Record with { Session = key } : l.Record).ToArray();
        var trainCount = (int)Math.Floor(records.Length * trainFraction);
        if (trainCount == 0 || trainCount == records.Length)
        {
            return Refuse($"--train-fraction {trainFraction.ToString(CultureInfo.InvariantCulture)} of {records.Length} lines leaves no training or no test lines");
        }

        var trainer = ModelCatalog.CreateTrainer(new DetectorOptions { ModelKind = model });
        var report = DetectorSpeed.Run(trainer, records[..trainCount], records[trainCount..], seconds, cancellationToken);
        Print(report, model);
        return 0;
    }

    private static void Print(SpeedReport r, string model)
    {
        var table = new Table().Title($"{Markup.Escape(model)} model speed ({r.TrainLines:N0} history lines, {r.TestLines:N0} test lines)")
            .AddColumns("measure", "model", "baseline", "ratio", "baseline is");
        table.AddRow("training: lines per CPU second", N(r.TrainLinesPerSecond), N(r.LearnLinesPerSecond), Ratio(r.TrainLinesPerSecond, r.LearnLinesPerSecond), "miner learning alone");
        table.AddRow("training, warm (median of runs 6-8): lines per CPU second", N(r.WarmTrainLinesPerSecond), N(r.WarmLearnLinesPerSecond), Ratio(r.WarmTrainLinesPerSecond, r.WarmLearnLinesPerSecond), "miner learning alone, warm");
        table.AddRow("training: CPU seconds (the first training)", r.TrainSeconds.ToString("0.000", CultureInfo.InvariantCulture), "", "", "");
        table.AddRow("  of them the runtime compiling (JIT, any thread)", r.TrainJitSeconds.ToString("0.000", CultureInfo.InvariantCulture), "", "", "");
        table.AddRow("training: bytes allocated/line", N(r.TrainBytesPerLine), N(r.LearnBytesPerLine), "", "miner learning alone");
        table.AddRow("training: peak RSS MB", Mb(r.TrainPeakRssBytes), Mb(r.BaselineRssBytes), Ratio(r.TrainPeakRssBytes, r.BaselineRssBytes), "lines loaded, miner learned");
        table.AddRow("scoring: lines per CPU second (one thread, warm)", N(r.ScoreLinesPerSecond), N(r.MatchLinesPerSecond), Ratio(r.ScoreLinesPerSecond, r.MatchLinesPerSecond), "miner matching alone");
        table.AddRow("scoring: bytes allocated/line", N(r.ScoreBytesPerLine), N(r.MatchBytesPerLine), "", "miner matching alone");
        table.AddRow("scoring: bytes allocated/normal line", N(r.ScoreBytesPerNormalLine), N(r.MatchBytesPerLine), "", "miner matching alone");
        table.AddRow("  of them in a context already open", N(r.ScoreBytesPerNormalLineInOpenContext), N(r.MatchBytesPerLine), "", "miner matching alone");
        table.AddRow("  per line opening a context (once per session)", N(r.ScoreBytesPerNewContext), "", "", "");
        table.AddRow("scoring, a stream run a while: bytes allocated/normal line", N(r.LastingStreamBytesPerNormalLine), N(r.MatchBytesPerLine), "", "miner matching alone");
        table.AddRow("  per line opening a context (the state of one forgotten reused)", N(r.LastingStreamBytesPerNewContext), "", "", "");
        table.AddRow("scoring: flagged share", r.FlaggedShare.ToString("0.0000", CultureInfo.InvariantCulture), "", "", "");
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"train-lines/s {r.TrainLinesPerSecond:0} train-ratio {r.TrainLinesPerSecond / r.LearnLinesPerSecond:0.000} peak-rss-mb {r.TrainPeakRssBytes / 1048576.0:0} "
            + $"score-lines/s {r.ScoreLinesPerSecond:0} score-ratio {r.ScoreLinesPerSecond / r.MatchLinesPerSecond:0.000} "
            + $"bytes/line {r.ScoreBytesPerLine:0} bytes/normal-line {r.ScoreBytesPerNormalLine:0} bytes/open-context-line {r.ScoreBytesPerNormalLineInOpenContext:0} bytes/new-context {r.ScoreBytesPerNewContext:0} "
            + $"warm-train-lines/s {r.WarmTrainLinesPerSecond:0} warm-train-ratio {r.WarmTrainLinesPerSecond / r.WarmLearnLinesPerSecond:0.000} "
            + $"bytes/lasting-normal-line {r.LastingStreamBytesPerNormalLine:0.0} bytes/lasting-new-context {r.LastingStreamBytesPerNewContext:0} "
            + $"train-cpu-s {r.TrainSeconds:0.000} train-jit-s {r.TrainJitSeconds:0.000}"));
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) =>
        baseline > 0 ? (value / baseline).ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static int Refuse(string reason)
    {
        Console.Error.WriteLine($"lad bench: {reason}");
        return ExitCodes.Refused;
    }
}
