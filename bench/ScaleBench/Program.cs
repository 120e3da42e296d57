using System.Diagnostics;
using System.Globalization;
using Lad.ScaleBench;

// Issue 16's target: 10,000 hosts on one silo in under 2 GB RSS with realistic histories. For each host count
// (--hosts, default 100,1000,10000) writes a syslog file of that many hosts' synthetic histories, runs the real silo
// on it in file mode (no database: grain state in files under MODEL_DIR), each count in its own process so its RSS is
// its own, and measures time and CPU until every host is trained, then RSS once the silo has idled. The smallest count
// is the baseline of the ratios. Figures are printed, never asserted.
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Lad.sln")))
{
    root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("lad-bench-scale runs from its build output inside the repository");
}

ScaleOptions options;
try
{
    options = ScaleOptions.Parse(args, root);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"lad-bench-scale: {e.Message}");
    return 2;
}

if (!File.Exists(options.SiloPath))
{
    Console.Error.WriteLine($"lad-bench-scale: {options.SiloPath} is missing; build it first (dotnet build src/Silo -c Release)");
    return 2;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"lad-bench-scale: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start, work in {options.WorkDirectory}"));
var runs = new List<CountFigures>();
try
{
    foreach (var hosts in options.Hosts.Order())
    {
        var directory = Path.Combine(options.WorkDirectory, hosts.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var log = Path.Combine(directory, "syslog.log");
        var writing = Stopwatch.StartNew();
        var bytes = HistoryLog.Write(log, hosts, options.LinesPerHost);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{hosts:N0} hosts: {hosts * options.LinesPerHost:N0} lines ({bytes / 1048576.0:N0} MB) written in {writing.Elapsed.TotalSeconds:0} s; starting the silo"));
        // The bench's own lines are garbage from here on; collecting them keeps this process small beside the silo.
        GC.Collect();
        runs.Add(await SiloRun.MeasureAsync(options, hosts, log, directory));
        if (!options.Keep)
        {
            // The next count's log is ten times larger; this one's is no longer needed.
            Directory.Delete(directory, recursive: true);
        }
    }
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"lad-bench-scale: {e.Message}");
}
finally
{
    // A failed count's log and state go too (the message above holds the silo's last lines); --keep keeps them.
    if (!options.Keep && Directory.Exists(options.WorkDirectory))
    {
        Directory.Delete(options.WorkDirectory, recursive: true);
    }
}

if (runs.Count == 0)
{
    return 1;
}

ScaleTable.Print(runs, options.LinesPerHost, Console.Out);
if (options.BreakdownHosts > 0)
{
    // After the silos, so their runs do not share the machine with it.
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {options.BreakdownHosts:N0} hosts in this process for the breakdown"));
    ScaleTable.PrintBreakdown(HostMemoryBreakdown.Measure(options.BreakdownHosts, options.LinesPerHost), runs, Console.Out);
}

return runs.Count == options.Hosts.Count ? 0 : 1;
