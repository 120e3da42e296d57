using System.Globalization;

namespace Lad.ScaleBench;

/// <summary>Prints the figures of every host count as Markdown tables, with the ratios the target is judged by.</summary>
internal static class ScaleTable
{
    private const double Megabyte = 1024 * 1024;
    private const double TargetBytes = 2L * 1024 * 1024 * 1024;
    private const int TargetHosts = 10_000;

    public static void Print(IReadOnlyList<CountFigures> runs, int linesPerHost, TextWriter output)
    {
        var baseline = runs[0];
        output.WriteLine(Invariant($"Silo in file mode (STORAGE_DATASOURCE: local), {linesPerHost} history lines per host, one silo process per count; ratios against the {baseline.Hosts:N0}-host run."));
        output.WriteLine();
        output.WriteLine("| hosts | log MB | trained | start to all trained s | of it training s | training ms per host | of it loading models s | silo CPU s | CPU ms per host | idle CPU cores |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            output.WriteLine(Invariant(
                $"| {run.Hosts:N0} | {run.LogBytes / Megabyte:N0} | {run.Trained:N0}{(run.Failed > 0 ? $" ({run.Failed:N0} failed)" : "")} | {run.WallSeconds:N1} | {run.TrainingSeconds:N1} | {run.TrainingSeconds * 1000 / run.Hosts:N1} | {run.LoadingSeconds:N1} | {run.CpuSeconds:N1} | {run.CpuSeconds * 1000 / run.Hosts:N1} | {run.IdleCpuCores:0.000} |"));
        }

        output.WriteLine();
        output.WriteLine("| hosts | idle RSS MB | ratio | peak RSS (VmHWM) MB | ratio | RSS KB per host (slope from the count before) | managed heap after GC MB | RSS after that GC MB | MODEL_DIR MB | KB per host |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        CountFigures? previous = null;
        foreach (var run in runs)
        {
            var slope = previous is null ? "" : Invariant($"{Slope(previous, run, r => r.IdleRssBytes) / 1024:N1}");
            var heap = run.Heap is { } h ? Invariant($"{h.HeapBytes / Megabyte:N0}") : "n/a";
            var afterGc = run.Heap is { } g ? Invariant($"{g.RssAfterGcBytes / Megabyte:N0}") : "n/a";
            output.WriteLine(Invariant(
                $"| {run.Hosts:N0} | {run.IdleRssBytes / Megabyte:N0} | {(double)run.IdleRssBytes / baseline.IdleRssBytes:0.00} | {run.PeakRssBytes / Megabyte:N0} | {(double)run.PeakRssBytes / baseline.PeakRssBytes:0.00} | {slope} | {heap} | {afterGc} | {run.StateBytes / Megabyte:N1} | {run.StateBytes / 1024.0 / run.Hosts:N1} |"));
            previous = run;
        }

        output.WriteLine();
        foreach (var run in runs)
        {
            output.WriteLine(Invariant($"Silo log at {run.Hosts:N0} hosts: {run.LogProblems:N0} line(s) at Warning or above."));
            foreach (var problem in run.FirstLogProblems)
            {
                output.WriteLine($"    {Shortened(problem)}");
            }
        }

        output.WriteLine();
        var largest = runs[^1];
        output.WriteLine(Invariant(
            $"At {largest.Hosts:N0} hosts: idle RSS {largest.IdleRssBytes / Megabyte:N0} MB = {largest.IdleRssBytes / TargetBytes:0.00} of the 2 GB target, peak {largest.PeakRssBytes / Megabyte:N0} MB = {largest.PeakRssBytes / TargetBytes:0.00} of it."));
        if (largest.Hosts < TargetHosts && runs.Count > 1)
        {
            // A straight line through the two largest counts: a guess, printed as one.
            var slope = Slope(runs[^2], largest, r => r.IdleRssBytes);
            var peakSlope = Slope(runs[^2], largest, r => r.PeakRssBytes);
            output.WriteLine(Invariant(
                $"Extrapolated (not measured) to {TargetHosts:N0} hosts along the slope of the two largest counts: idle RSS {(largest.IdleRssBytes + (slope * (TargetHosts - largest.Hosts))) / Megabyte:N0} MB, peak {(largest.PeakRssBytes + (peakSlope * (TargetHosts - largest.Hosts))) / Megabyte:N0} MB."));
        }
    }

    public static void PrintBreakdown(BreakdownFigures breakdown, IReadOnlyList<CountFigures> runs, TextWriter output)
    {
        double PerHost(long bytes) => bytes / 1024.0 / breakdown.Hosts;
        var total = breakdown.ModelBytes + breakdown.StreamBytes;
        output.WriteLine();
        output.WriteLine(Invariant(
            $"Per host, measured in the bench's own process (not the silo): managed heap growth after a full GC over {breakdown.Hosts:N0} hosts trained on the same histories."));
        output.WriteLine();
        output.WriteLine("| part (what the file-mode detector keeps per host) | KB per host |");
        output.WriteLine("|---|---:|");
        output.WriteLine(Invariant($"| loaded model | {PerHost(breakdown.ModelBytes):N1} |"));
        output.WriteLine(Invariant($"| open stream scorer | {PerHost(breakdown.StreamBytes):N1} |"));
        output.WriteLine(Invariant($"| total | {PerHost(total):N1} |"));
        output.WriteLine(Invariant($"| (saved model: the host's record in MODEL_DIR, not held in memory) | ({PerHost(breakdown.SavedBytes):N1}) |"));
        output.WriteLine(Invariant($"| database daemon only: volume monitor, counting by the model's templates (not in file mode) | {PerHost(breakdown.VolumeBytes):N1} |"));
        output.WriteLine(Invariant($"| (database daemon only: saved volume profile, stored beside the model) | ({PerHost(breakdown.SavedVolumeBytes):N1}) |"));
        if (runs.Count > 1)
        {
            output.WriteLine(Invariant(
                $"| silo: idle RSS slope between {runs[^2].Hosts:N0} and {runs[^1].Hosts:N0} hosts | {Slope(runs[^2], runs[^1], r => r.IdleRssBytes) / 1024:N1} |"));
            if (runs[^2].Heap is { } smaller && runs[^1].Heap is { } larger)
            {
                output.WriteLine(Invariant(
                    $"| silo: managed heap slope (after GC) between them | {(double)(larger.HeapBytes - smaller.HeapBytes) / (runs[^1].Hosts - runs[^2].Hosts) / 1024:N1} |"));
            }
        }
    }

    // Orleans names the activation in the middle of a long-running turn's warning and how long it took at the end.
    private static string Shortened(string line) => line.Length <= 400 ? line : $"{line[..160]} ... {line[^240..]}";

    private static double Slope(CountFigures from, CountFigures to, Func<CountFigures, long> figure) =>
        (double)(figure(to) - figure(from)) / (to.Hosts - from.Hosts);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
