using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lad.Engine.Evaluation.Parsing;
using Lad.Engine.Evaluation.Speed;
using Lad.Engine.Parse;
using Spectre.Console;

namespace Lad.Client.Commands;

/// <summary>
/// <c>lad bench-parse</c>: speed of the template miner, single thread. Times first-pass learning (each system's lines
/// into a fresh miner) cold and warm, with the default masking, with only tokens holding a digit made variables (what
/// Drain3 does with no masking instruction: its <c>parametrize_numeric_tokens</c>, on by default) and with none, then
/// <see cref="TemplateMiner.Match"/> (masking and matching) over all systems' lines for at least the requested number
/// of seconds, and reports lines per second and bytes allocated per line.
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

        var learnTime = Stopwatch.StartNew();
        var miners = LearnAll(sets, new MinerOptions());
        learnTime.Stop();
        var linesPerPass = sets.Sum(set => set.Messages.Count);
        var coldLearning = linesPerPass / learnTime.Elapsed.TotalSeconds;
        var masked = TimeLearning(sets, new MinerOptions(), seconds);
        var digits = TimeLearning(sets, new MinerOptions { Masking = DigitTokensOnly }, seconds);
        var unmasked = TimeLearning(sets, new MinerOptions { Masking = NothingMasked }, seconds);

        // One warm-up pass so tiered JIT and the per-thread token buffer settle before measuring.
        MatchAll(sets, miners);

        long known = 0;
        // Allocations are read inside the CPU clock's reads, which allocate themselves.
        var cpu = CpuClock.Now();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long matched = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            known += MatchAll(sets, miners);
            matched += linesPerPass;
        }

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var cpuSeconds = CpuClock.Measured(CpuClock.Now() - cpu, clock);
        var linesPerSecond = matched / clock.Elapsed.TotalSeconds;

        var table = new Table().Title("Template miner speed (single thread)").AddColumns("measure", "value");
        table.AddRow("systems", sets.Count.ToString(CultureInfo.InvariantCulture));
        table.AddRow("learn, first pass: lines/s (cold: the first miners, JIT included)", coldLearning.ToString("N0", CultureInfo.InvariantCulture));
        AddLearningRows(table, "learn, first pass", "warm: fresh miners", masked);
        AddLearningRows(table, "learn, digit tokens only, first pass", "warm", digits);
        AddLearningRows(table, "learn unmasked, first pass", "warm", unmasked);
        table.AddRow("match: lines", matched.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("match: seconds", clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        // On a shared machine wall time includes waiting for a core; CPU time shows the code's own speed.
        table.AddRow("match: lines per CPU second", (matched / cpuSeconds).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("match: known share", ((double)known / matched).ToString("0.000", CultureInfo.InvariantCulture));
        table.AddRow("match: bytes allocated per line", ((double)allocated / matched).ToString("0.###", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"lines/s {linesPerSecond:0} learn-lines/s {masked.LinesPerCpuSecond:0} learn-unmasked-lines/s {unmasked.LinesPerCpuSecond:0} learn-digits-lines/s {digits.LinesPerCpuSecond:0}"));
        return 0;
    }

    /// <summary>The three rows of one first-pass learning measurement: its rate, its allocation and its templates.</summary>
    private static void AddLearningRows(Table table, string name, string rateNote, (double LinesPerCpuSecond, double BytesPerLine, int Templates) learning)
    {
        table.AddRow($"{name}: lines per CPU second ({rateNote})", learning.LinesPerCpuSecond.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow($"{name}: bytes allocated per line", learning.BytesPerLine.ToString("0", CultureInfo.InvariantCulture));
        table.AddRow($"{name}: templates", learning.Templates.ToString("N0", CultureInfo.InvariantCulture));
    }

    /// <summary>Every masking rule off: each token is a plain word, so only evidence makes a position variable.</summary>
    private static readonly MaskingOptions NothingMasked = new()
    {
        Numbers = false,
        Hex = false,
        IpAddresses = false,
        HostNames = false,
        Uuids = false,
        Paths = false,
        Urls = false,
        Emails = false,
        DatesAndTimes = false,
        KeyValueValues = false,
        TokensWithDigits = false,
    };

    /// <summary>
    /// Every masking rule off but the one Drain3 keeps without masking instructions: a token holding a digit is a
    /// variable. Beside Drain3's "unmasked" figure this is like for like.
    /// </summary>
    private static readonly MaskingOptions DigitTokensOnly = NothingMasked with { TokensWithDigits = true };

    private static TemplateMiner[] LearnAll(IReadOnlyList<ParsingDataset> sets, MinerOptions options)
    {
        var miners = new TemplateMiner[sets.Count];
        for (var s = 0; s < sets.Count; s++)
        {
            miners[s] = new TemplateMiner(options);
            foreach (var message in sets[s].Messages)
            {
                miners[s].Learn(message);
            }
        }

        return miners;
    }

    /// <summary>
    /// First-pass learning, warm: every pass gives each system a fresh miner, so each line is new to the miner that
    /// learns it (as a parser's first pass over a log), while the JIT has compiled the code. Passes repeat untimed for a
    /// fifth of the requested seconds, then timed for at least as long.
    /// </summary>
    private static (double LinesPerCpuSecond, double BytesPerLine, int Templates) TimeLearning(IReadOnlyList<ParsingDataset> sets, MinerOptions options, double seconds)
    {
        var templates = LearnAll(sets, options).Sum(miner => miner.TemplateCount);
        var linesPerPass = sets.Sum(set => set.Messages.Count);
        // One pass leaves the hot methods still being recompiled with their profiles on the JIT's background thread,
        // whose CPU the process clock counts: timed right after it, learning read 30-40% slower than it runs.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < seconds / 5)
        {
            LearnAll(sets, options);
        }

        var cpu = CpuClock.Now();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long learned = 0;
        do
        {
            LearnAll(sets, options);
            learned += linesPerPass;
        }
        while (clock.Elapsed.TotalSeconds < seconds / 5);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (learned / CpuClock.Measured(CpuClock.Now() - cpu, clock), (double)allocated / learned, templates);
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
