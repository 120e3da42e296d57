namespace Lad.Engine.Tests.Parse;

/// <summary>Seeded random log lines built from a few event shapes with random variable values.</summary>
internal static class SyntheticLines
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "node", "disk", "user", "ok", "failed", "retry"];

    public static List<string> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(random.Next(6) switch
            {
                0 => $"Accepted password for {Word(random)} from {Ip(random)} port {random.Next(1, 65536)} ssh2",
                1 => $"Served block blk_{random.NextInt64()} to /{Ip(random)}",
                2 => $"job {Guid(random)} finished in {random.Next(1000)}.{random.Next(100)} ms status={Word(random)}",
                3 => $"{Word(random)} {Word(random)}: {random.Next(100)} items in [{Word(random)}, {random.Next(10)}]",
                4 => $"disk /dev/sd{(char)('a' + random.Next(4))} at 0x{random.Next():x8} {Word(random)}",
                _ => string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => Word(random))),
            });
        }

        return lines;
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Ip(Random random) => $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}";

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
