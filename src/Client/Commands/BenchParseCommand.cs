using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lad.Engine.Evaluation.Parsing;
using Lad.Engine.Parse;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>
/// <c>lad bench-parse</c>: scoring-mode speed of the template miner. Learns each system, then times
/// <see cref="TemplateMiner.Match"/> (masking and matching) over all systems' lines, single thread, for at least
/// the requested number of seconds, and reports lines per second and bytes allocated per line.
/// </summary>
internal static class BenchParseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = ParsingDataOption.Create();
        var seconds = new Option<double>("--seconds")
        {
            Description = "Minimum measured time in seconds",
            DefaultValueFactory = _ => 3.0,
        };
        var command = new Command("bench-parse", "Measure template matching speed (lines/s, bytes allocated per line)") { data, seconds };
        command.SetAction(result => Run(result.GetValue(data)!, result.GetValue(seconds)));
        return command;
    }

    private static int Run(string directory, double seconds)
    {
        if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
        {
            Console.Error.WriteLine($"lad bench-parse: --seconds must be between 0 and 3600, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            return ExitCodes.Refused;
        }

        if (ParsingDataOption.Load(directory, "bench-parse") is not { } sets)
        {
            return ExitCodes.Refused;
        }

        var miners = new TemplateMiner[sets.Count];
        var learnTime = Stopwatch.StartNew();
        var learned = 0L;
        for (var s = 0; s < sets.Count; s++)
        {
            miners[s] = new TemplateMiner();
            foreach (var message in sets[s].Messages)
            {
                miners[s].Learn(message);
                learned++;
            }
        }

        learnTime.Stop();

        // One warm-up pass so tiered JIT and the per-thread token buffer settle before measuring.
        MatchAll(sets, miners);
        var linesPerPass = 0;
        for (var s = 0; s < sets.Count; s++)
        {
            linesPerPass += sets[s].Messages.Count;
        }

        long known = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long matched = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            known += MatchAll(sets, miners);
            matched += linesPerPass;
        }

        clock.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var linesPerSecond = matched / clock.Elapsed.TotalSeconds;

        var table = new Table().Title("Template matching speed (single thread)").AddColumns("measure", "value");
        table.AddRow("systems", sets.Count.ToString(CultureInfo.InvariantCulture));
        table.AddRow("learn: lines/s", (learned / learnTime.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("match: lines", matched.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("match: seconds", clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        // On a shared machine wall time includes waiting for a core; CPU time shows the code's own speed.
        table.AddRow("match: lines per CPU second", (matched / cpuSeconds).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("match: known share", ((double)known / matched).ToString("0.000", CultureInfo.InvariantCulture));
        table.AddRow("match: bytes allocated per line", ((double)allocated / matched).ToString("0.###", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        Console.WriteLine($"lines/s {linesPerSecond.ToString("0", CultureInfo.InvariantCulture)}");
        return 0;
    }

    private static long MatchAll(IReadOnlyList<ParsingDataset> sets, TemplateMiner[] miners)
    {
        long known = 0;
        for (var s = 0; s < sets.Count; s++)
        {
            var miner = miners[s];
            var messages = sets[s].Messages;
            for (var i = 0; i < messages.Count; i++)
            {
                known += miner.Match(messages[i]).IsKnown ? 1 : 0;
            }
        }

        return known;
    }
}
