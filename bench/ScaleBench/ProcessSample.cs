using System.Globalization;

namespace Lad.ScaleBench;

/// <summary>A process's memory and CPU at one moment, read from <c>/proc/PID</c>.</summary>
/// <param name="RssBytes">Resident set now (VmRSS).</param>
/// <param name="PeakRssBytes">The most it was ever resident (VmHWM).</param>
/// <param name="Cpu">User plus system CPU time since it started.</param>
internal sealed record ProcessSample(long RssBytes, long PeakRssBytes, TimeSpan Cpu)
{
    // USER_HZ: the unit of /proc/PID/stat's times; 100 on every Linux this runs on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    /// <summary>Reads the process's figures, or null once it has exited.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }

            // The command name in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(rss * 1024, peak * 1024, TimeSpan.FromSeconds(ticks / TicksPerSecond));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim()[..^3].Trim(), CultureInfo.InvariantCulture);
}
