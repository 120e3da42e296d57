namespace Lad.Benchmarks;

/// <summary>Seeded synthetic log lines in the style of system logs: a few dozen event shapes with random values.</summary>
internal static class GeneratedLines
{
    private static readonly string[] Users = ["root", "admin", "test", "guest", "oracle", "postgres"];
    private static readonly string[] States = ["NEW", "SCHEDULED", "RUNNING", "SUCCEEDED", "FAILED"];

    public static string[] Create(int seed, int count)
    {
        var random = new Random(seed);
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = random.Next(10) switch
            {
                0 => $"Accepted password for {Pick(random, Users)} from {Ip(random)} port {random.Next(1024, 65536)} ssh2",
                1 => $"Failed password for invalid user {Pick(random, Users)} from {Ip(random)} port {random.Next(1024, 65536)} ssh2",
                2 => $"Receiving block blk_{random.NextInt64()} src: /{Ip(random)}:{random.Next(50000, 60000)} dest: /{Ip(random)}:50010",
                3 => $"PacketResponder {random.Next(3)} for block blk_{random.NextInt64()} terminating",
                4 => $"task_{random.Next(100000):D6} Task Transitioned from {Pick(random, States)} to {Pick(random, States)}",
                5 => $"Block broadcast_{random.Next(50)} stored as values in memory (estimated size {random.Next(100)}.{random.Next(10)} KB, free {random.Next(1000)}.{random.Next(10)} MB)",
                6 => $"session opened for user {Pick(random, Users)} by (uid={random.Next(1000)})",
                7 => $"instruction cache parity error corrected",
                8 => $"{Host(random)}:{random.Next(80, 9000)} open through proxy proxy.example.org:5070 HTTPS",
                _ => $"onStandStepChanged {random.Next(10000)}",
            };
        }

        return lines;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Ip(Random random) => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}";

    private static string Host(Random random) => $"host{random.Next(100)}.example.com";
}
