using System.Globalization;

namespace Lad.Engine.Source.Synthetic;

/// <summary>
/// Hosts whose normal lines trip detectors that read every value as a label or every letter run as a word: numbers
/// that are sizes (durations, counters, percentages, speeds), lines full of UUIDs and hex ids that are new on every
/// line, and a web server writing a status and a size side by side. Each comes with the anomalies a detector must
/// still catch there. Pure functions of the seed.
/// </summary>
internal static class HardCaseLog
{
    private const string Hex = "0123456789abcdef";

    /// <summary>
    /// A switch and job runner whose numbers are sizes: CRC errors 1–20, job durations 12–4,500 ms (log-normal),
    /// CPU 30–70 %, link speeds 1/10/25/40/100 Gbps, bytes moved across six decades.
    /// </summary>
    public static IReadOnlyList<SyntheticLine> Magnitudes(int count, int seed) =>
        Generate(count, seed, "switch-01", "switchd", r => r.Next(5) switch
        {
            0 => $"interface eth{r.Next(1, 9)} CRC errors {r.Next(1, 21)}",
            1 => string.Create(CultureInfo.InvariantCulture, $"job {Pick(r, "nightly", "rotate", "sync")} finished in {LogNormal(r, 12, 4500, 200):0} ms"),
            2 => $"cpu load {r.Next(30, 71)} % CPU",
            3 => $"link eth{r.Next(1, 9)} negotiated speed {Pick(r, "1", "10", "25", "40", "100")} Gbps",
            _ => string.Create(CultureInfo.InvariantCulture, $"backup moved {LogNormal(r, 1_000, 1_000_000_000, 2_000_000):0} bytes"),
        });

    /// <summary>The magnitude host's lines with absurd figures: each far outside what its normal lines ever hold.</summary>
    public static IReadOnlyList<SyntheticLine> AbsurdMagnitudes() =>
    [
        Anomaly("switch-01", "switchd", "interface eth3 CRC errors 98765432"),
        Anomaly("switch-01", "switchd", "job nightly finished in 987654321 ms"),
        Anomaly("switch-01", "switchd", "link eth2 negotiated speed 40000000 Gbps"),
        Anomaly("switch-01", "switchd", "cpu load 9000 % CPU"),
        Anomaly("switch-01", "switchd", "backup moved 98765432101234 bytes"),
    ];

    /// <summary>
    /// A cloud agent whose lines are full of identifiers, new on every line: instance UUIDs (some with groups of the
    /// letters a–f only), volume and trace ids in hex, container ids, and request ids repeated over a session's lines.
    /// </summary>
    public static IReadOnlyList<SyntheticLine> Identifiers(int count, int seed)
    {
        var session = string.Empty;
        var left = 0;
        return Generate(count, seed, "cloud-01", "agent", r =>
        {
            if (left-- <= 0)
            {
                session = $"sess-{HexDigits(r, 10)}";
                left = r.Next(3, 12);
            }

            return r.Next(5) switch
            {
                0 => $"instance {Uuid(r)} attached volume vol-{HexDigits(r, 17)} as /dev/sdf",
                1 => $"trace_id={HexDigits(r, 32)} span_id={HexDigits(r, 16)} exported {r.Next(1, 40)} spans",
                2 => $"container {HexDigits(r, 12)} health status: healthy",
                3 => $"session {session} step {Pick(r, "auth", "fetch", "render")} ok",
                _ => $"node {Uuid(r)} heartbeat from peer {Uuid(r)[..13]}",
            };
        });
    }

    /// <summary>
    /// A web server's access lines: status (200 mostly, some 304 and 404) and response size written side by side,
    /// e.g. <c>"GET /api/orders/812 HTTP/1.1" 200 5123</c>.
    /// </summary>
    public static IReadOnlyList<SyntheticLine> WebStatuses(int count, int seed) =>
        Generate(count, seed, "web-01", "nginx", r => Access(r, Pick(r, "200", "200", "200", "200", "200", "200", "304", "404")));

    /// <summary>The web server's lines with a status it never wrote normally (502, 503), sizes as usual.</summary>
    public static IReadOnlyList<SyntheticLine> FailedStatuses(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Anomaly("web-01", "nginx", Access(random, Pick(random, "502", "503"))))
            .ToList();
    }

    private static string Access(Random r, string status) =>
        $"10.0.{r.Next(0, 4)}.{r.Next(1, 255)} - - \"GET {Pick(r, "/api/orders/", "/api/customers/", "/static/app.js?v=")}{r.Next(1, 99999)} HTTP/1.1\" " +
        $"{status} {r.Next(150, 90_000)} \"-\" \"{Pick(r, "curl/8.5.0", "Mozilla/5.0", "kube-probe/1.29")}\"";

    private static List<SyntheticLine> Generate(int count, int seed, string host, string program, Func<Random, string> text)
    {
        var random = new Random(seed);
        var time = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var lines = new List<SyntheticLine>(count);
        for (var i = 0; i < count; i++)
        {
            time = time.AddMilliseconds(random.Next(100, 5000));
            lines.Add(new SyntheticLine(time, host, program, 1200, "INFO", text(random), SyntheticAnomalyKind.None));
        }

        return lines;
    }

    private static SyntheticLine Anomaly(string host, string program, string text) =>
        new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), host, program, 1200, "INFO", text, SyntheticAnomalyKind.AbnormalParameter);

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    /// <summary>A log-normal value around <paramref name="median"/>, kept within [min, max].</summary>
    private static double LogNormal(Random random, double min, double max, double median)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Clamp(median * Math.Exp(1.5 * normal), min, max);
    }

    /// <summary>A random UUID; one in four has a second group of the letters a–f only ("acbe"), as real ids sometimes do.</summary>
    private static string Uuid(Random random)
    {
        var second = random.Next(4) == 0
            ? new string(Enumerable.Range(0, 4).Select(_ => (char)('a' + random.Next(6))).ToArray())
            : HexDigits(random, 4);
        return $"{HexDigits(random, 8)}-{second}-{HexDigits(random, 4)}-{HexDigits(random, 4)}-{HexDigits(random, 12)}";
    }

    private static string HexDigits(Random random, int digits) =>
        string.Create(digits, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Hex[r.Next(16)];
            }
        });
}
