using Lad.Engine.Source.Synthetic;

namespace Lad.ScaleBench;

/// <summary>Writes the log the silo trains on: every host's synthetic history (<see cref="SyntheticLogGenerator"/>: its
/// own mix of sshd, cron, systemd, kernel and application programs with varying values) in time order, as a syslog
/// would hold it.</summary>
internal static class HistoryLog
{
    // The generator names at most 999 hosts per call; hosts are generated in groups of this size, each group with its
    // own seed, so a smaller count's hosts are the first hosts of a larger count's, line for line.
    private const int HostsPerGroup = 500;

    /// <summary>Writes <paramref name="hosts"/> hosts' histories of <paramref name="linesPerHost"/> lines each.</summary>
    /// <returns>The file's size in bytes.</returns>
    public static long Write(string path, int hosts, int linesPerHost)
    {
        // Sorted by time, and by generation order within a millisecond, so each host keeps its own order.
        var ordered = Generate(hosts, linesPerHost)
            .Select((line, index) => (line, index))
            .OrderBy(l => l.line.Timestamp)
            .ThenBy(l => l.index);
        using (var writer = new StreamWriter(path) { NewLine = "\n" })
        {
            foreach (var (line, _) in ordered)
            {
                writer.WriteLine(SyntheticLogFormat.Format(line));
            }
        }

        return new FileInfo(path).Length;
    }

    /// <summary>The lines of <paramref name="hosts"/> hosts' histories, group after group, each group in time order.</summary>
    public static IEnumerable<SyntheticLine> Generate(int hosts, int linesPerHost)
    {
        for (var group = 0; group * HostsPerGroup < hosts; group++)
        {
            var options = new SyntheticLogOptions
            {
                Hosts = Math.Min(HostsPerGroup, hosts - (group * HostsPerGroup)),
                LinesPerHost = linesPerHost,
                Seed = 42 + group,
                // A few incidents in each history, as a real one has; the default 16 would make every tenth line odd.
                AnomaliesPerHost = 4,
            };
            foreach (var line in SyntheticLogGenerator.Generate(options))
            {
                yield return line with { Host = HostName(group, line.Host) };
            }
        }
    }

    // The generator's "host-07" of group 3 becomes "host-01507": one name per host across groups.
    private static string HostName(int group, string generated) =>
        $"host-{(group * HostsPerGroup) + int.Parse(generated.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture):00000}";
}
