using System.Text.RegularExpressions;
using Lad.Client.Commands;
using Lad.Engine.Model;
using Spectre.Console;

namespace Lad.Engine.Tests.Model.Default;

public class DemoCommandTests
{
    private static (int Code, string Output, string Error) RunDemo(DemoRequest request)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var code = DemoCommand.Run(request, console, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void On_a_terminal_the_demo_shows_each_host_it_trains_as_a_live_status_and_piped_it_shows_none()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lad-demo-{Guid.NewGuid():N}");
        try
        {
            var request = new DemoRequest(Path.Combine(directory, "demo.log"), 2, 400, 42, new DetectorOptions());
            var output = new StringWriter();
            var terminal = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
                Out = new AnsiConsoleOutput(output),
            });

            var code = DemoCommand.Run(request, terminal, new StringWriter(), TestContext.Current.CancellationToken);
            var (_, piped, _) = RunDemo(request);

            Assert.Equal(0, code);
            Assert.Contains("host-02 (2 of 2): training on its history", output.ToString());
            Assert.Contains("overall precision", output.ToString());
            Assert.DoesNotContain("training on its history", piped);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Demo_writes_the_log_names_the_anomalies_and_scores_them_against_the_labels()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lad-demo-{Guid.NewGuid():N}");
        try
        {
            var path = Path.Combine(directory, "demo.log");
            var (code, output, _) = RunDemo(new DemoRequest(path, 2, 2000, 42, new DetectorOptions()));

            Assert.Equal(0, code);
            Assert.Equal(4000, File.ReadLines(path).Count());
            Assert.Equal(4000, File.ReadLines(path + ".labels").Count());
            Assert.Contains("incidents (", output);
            Assert.DoesNotContain("anomalies found", output);
            Assert.Contains("host-02", output);

            var overall = Regex.Match(output, @"overall precision (\d\.\d+) recall (\d\.\d+) \((\d+) of 32 injected, \d+ false alarms\)");
            Assert.True(overall.Success, output);
            Assert.True(double.Parse(overall.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.6, overall.Value);
            Assert.True(double.Parse(overall.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.6, overall.Value);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Demo_groups_the_flagged_lines_into_fewer_incidents_and_lists_lines_on_request()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lad-demo-{Guid.NewGuid():N}");
        try
        {
            var (code, output, _) = RunDemo(new DemoRequest(Path.Combine(directory, "demo.log"), 3, 2000, 42, new DetectorOptions(), PerLine: true));

            Assert.Equal(0, code);
            Assert.Contains("anomalies found", output);
            Assert.Contains("unseen-error", output);
            Assert.Contains("never seen", output);
            var summary = Regex.Match(output, @"lines flagged (\d+), incidents (\d+) \([\d.]+ lines per incident\), injected faults caught (\d+) of 48 lines in (\d+) incidents");
            Assert.True(summary.Success, output);
            var (flagged, incidents, caught) = (int.Parse(summary.Groups[1].Value), int.Parse(summary.Groups[2].Value), int.Parse(summary.Groups[3].Value));
            Assert.True(incidents * 2 < flagged, summary.Value);
            Assert.True(caught >= 40, summary.Value);
            Assert.Contains($"incidents ({incidents})", output);
            // The lines it let through are listed with the score and threshold that decided it.
            Assert.Contains($"injected lines missed ({48 - caught})", output);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Unknown_model_kind_is_a_clear_error_with_exit_code_1()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lad-demo-{Guid.NewGuid():N}", "demo.log");
        var (code, output, error) = RunDemo(new DemoRequest(path, 1, 400, 1, new DetectorOptions { ModelKind = "nope" }));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("lad demo: ", error);
        Assert.Contains("model kind 'nope' is unknown", error);
        Assert.False(File.Exists(path), "nothing is written when the options are bad");
    }

    [Fact]
    public void Too_few_lines_name_the_option()
    {
        var (code, output, error) = RunDemo(new DemoRequest(Path.Combine(Path.GetTempPath(), "lad-never-written.log"), 1, 5, 1, new DetectorOptions()));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("lad demo: --lines must be between 100 and 10,000,000 per host, not 5" + Environment.NewLine, error);
    }

    [Fact]
    public void Demo_with_timed_scenarios_catches_each_as_one_incident_and_raises_no_other_volume_anomaly()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lad-demo-{Guid.NewGuid():N}");
        try
        {
            var (plain, quiet, _) = RunDemo(new DemoRequest(Path.Combine(directory, "plain.log"), 3, 2000, 42, new DetectorOptions()));
            var (code, output, _) = RunDemo(new DemoRequest(Path.Combine(directory, "demo.log"), 3, 2000, 42, new DetectorOptions(), Scenarios: true));

            Assert.Equal((0, 0), (plain, code));
            Assert.Contains("volume anomalies 0 (1 min intervals)", quiet);
            Assert.DoesNotContain("timed scenarios", quiet);
            Assert.Contains("timed scenarios caught 3 of 3", output);
            var missed = Regex.Match(quiet, @"injected faults \(a line, or a burst of lines\) missed (\d+) of (\d+)");
            // A never-seen label at a place where every training value recurred makes its line rare: 11 of 30 were missed before.
            Assert.True(missed.Success && int.Parse(missed.Groups[1].Value) <= 6 && missed.Groups[2].Value == "30", missed.Value);
            // The silence and the surge, nothing else: the hosts' own traffic raises no volume anomaly.
            Assert.Contains("volume anomalies 2 (1 min intervals)", output);
            Assert.Matches(@"caught HostSilent on host-01 in incident [0-9a-f]{16}: no lines for 10(\.\d)? min; the longest gap in \d+ min of history was \d+ s", output);
            Assert.Matches(@"caught TemplateSurge on host-02 in incident [0-9a-f]{16}( \(with [^)]+\))?: 'cron.+' (6\d|7\d) in 1 min; history at most (\d+)", output);
            Assert.Matches(@"caught FaultOnManyHosts on host-01, host-02, host-03 in incident [0-9a-f]{16}: ", output);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
