using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Lad.Client.Commands;
using Lad.Engine.Tests.Evaluation;
using Spectre.Console;

namespace Lad.Engine.Tests.Client;

[Collection("Console")]
public class ParseCommandsTests
{
    private static (int Code, string[] Lines) Run(params string[] args)
    {
        var (code, lines, _) = RunSeparately(args);
        return (code, lines);
    }

    private static (int Code, string[] Lines, string Error) RunSeparately(params string[] args)
    {
        var root = new RootCommand { ParseBenchCommand.Create(), BenchParseCommand.Create(), BenchCommand.Create() };
        var (original, originalError) = (Console.Out, Console.Error);
        var originalAnsi = AnsiConsole.Console;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        try
        {
            var code = root.Parse(args).Invoke();
            return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), error.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
            AnsiConsole.Console = originalAnsi;
        }
    }

    [Fact]
    public void Parse_bench_ends_with_the_average_line()
    {
        var folder = DatasetLocator.Find("loghub2_2k_parsing");
        Assert.SkipUnless(folder is not null, "datasets absent: no shared/datasets/loghub2_2k_parsing and LAD_DATASETS unset");

        var (code, lines) = Run("parse-bench", "--data", folder!);

        Assert.True(code == 0, string.Join('\n', lines));
        var last = Regex.Match(lines[^1], @"^average GA (\d\.\d{3}) FGA (\d\.\d{3}) PA (\d\.\d{3}) FTA (\d\.\d{3})$");
        Assert.True(last.Success, lines[^1]);
        Assert.True(double.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture) >= 0.90);
    }

    [Fact]
    public void Bench_parse_ends_with_lines_per_second()
    {
        var folder = DatasetLocator.Find("loghub2_2k_parsing");
        Assert.SkipUnless(folder is not null, "datasets absent: no shared/datasets/loghub2_2k_parsing and LAD_DATASETS unset");

        var (code, lines) = Run("bench-parse", "--data", folder!, "--seconds", "0.2");

        Assert.Equal(0, code);
        Assert.Matches(@"^lines/s \d+ learn-lines/s \d+ learn-unmasked-lines/s \d+ learn-digits-lines/s \d+$", lines[^1]);
    }

    [Fact]
    public void Bench_ends_with_the_model_figures_and_their_ratios()
    {
        var folder = DatasetLocator.Find("loghub_bgl_2k");
        Assert.SkipUnless(folder is not null, "datasets absent: no shared/datasets/loghub_bgl_2k and LAD_DATASETS unset");

        var (code, lines) = Run("bench", "--format", "bgl", "--seconds", "0.2", Path.Combine(folder!, "BGL_2k.log"));

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Matches(
            @"^train-lines/s \d+ train-ratio \d+\.\d{3} peak-rss-mb \d+ score-lines/s \d+ score-ratio \d+\.\d{3} bytes/line \d+ bytes/normal-line \d+ bytes/open-context-line \d+ bytes/new-context \d+ warm-train-lines/s \d+ warm-train-ratio \d+\.\d{3} bytes/lasting-normal-line \d+\.\d bytes/lasting-new-context \d+ train-cpu-s \d+\.\d{3} train-jit-s \d+\.\d{3}$",
            lines[^1]);
    }

    [Fact]
    public void Bench_refuses_a_train_fraction_outside_0_to_1_on_stderr_with_code_1()
    {
        var (code, lines, error) = RunSeparately("bench", "--train-fraction", "1", "/nonexistent/lad.log");

        Assert.Equal(1, code);
        Assert.Empty(lines);
        Assert.Equal("lad bench: --train-fraction must be greater than 0 and less than 1, not 1" + Environment.NewLine, error);
    }

    [Fact]
    public void A_bad_seconds_value_is_an_error_on_stderr_with_code_1()
    {
        var (code, lines, error) = RunSeparately("bench-parse", "--data", "/nonexistent/lad-data", "--seconds", "0");

        Assert.Equal(1, code);
        Assert.Empty(lines);
        Assert.Equal("lad bench-parse: --seconds must be between 0 and 3600, not 0" + Environment.NewLine, error);
    }

    [Fact]
    public void A_missing_data_folder_fails_with_code_1_and_names_it()
    {
        var (code, lines, error) = RunSeparately("parse-bench", "--data", "/nonexistent/lad-data");

        Assert.Equal(1, code);
        Assert.Empty(lines);
        Assert.StartsWith("lad parse-bench: --data: ", error);
        Assert.Contains("/nonexistent/lad-data", error);
    }
}
