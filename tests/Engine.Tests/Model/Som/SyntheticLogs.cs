using Lad.Engine.Source;

namespace Lad.Engine.Tests.Model.Som;

/// <summary>Small seeded synthetic logs: a handful of normal templates with variables, and distinct anomalies.</summary>
internal static class SyntheticLogs
{
    public static LogRecord Normal(Random random)
    {
        var user = $"user{random.Next(50)}";
        var ip = $"10.0.{random.Next(255)}.{random.Next(255)}";
        return random.Next(6) switch
        {
            0 => new LogRecord($"Accepted password for {user} from {ip} port {random.Next(1024, 65535)} ssh2", "INFO"),
            1 => new LogRecord($"session opened for user {user} by (uid={random.Next(1000)})", "INFO"),
            2 => new LogRecord($"session closed for user {user}", "INFO"),
            3 => new LogRecord($"GET /api/items/{random.Next(10000)} returned 200 in {random.Next(1, 90)} ms", "INFO"),
            4 => new LogRecord($"cache hit ratio {random.Next(80, 100)} percent for region eu-{random.Next(4)}", "DEBUG"),
            _ => new LogRecord($"scheduled job cleanup finished in {random.Next(1, 9)} seconds", "INFO"),
        };
    }

    public static LogRecord Anomaly(Random random) => random.Next(4) switch
    {
        0 => new LogRecord($"kernel panic not syncing fatal exception in interrupt handler cpu {random.Next(8)}", "FATAL"),
        1 => new LogRecord($"disk failure detected on device sd{(char)('a' + random.Next(4))} sector {random.Next(100000)} unrecoverable read error", "ERROR"),
        2 => new LogRecord($"out of memory killed process {random.Next(30000)} oom score adjustment triggered", "ERROR"),
        _ => new LogRecord($"certificate verify failed for upstream tls handshake aborted after {random.Next(10)} retries", "ERROR"),
    };

    public static LogRecord[] History(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Normal(random)).ToArray();
    }

    /// <summary>Test lines: <paramref name="normals"/> normal lines with <paramref name="anomalies"/> anomalies spread among them.</summary>
    public static (LogRecord Record, bool IsAnomaly)[] Test(int seed, int normals, int anomalies)
    {
        var random = new Random(seed);
        var lines = new List<(LogRecord, bool)>();
        for (var i = 0; i < normals; i++)
        {
            lines.Add((Normal(random), false));
            if (i % (normals / anomalies) == 0 && lines.Count(l => l.Item2) < anomalies)
            {
                lines.Add((Anomaly(random), true));
            }
        }

        return [.. lines];
    }
}
