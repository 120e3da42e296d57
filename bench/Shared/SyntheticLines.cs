using System.Globalization;
using MongoDB.Bson;

namespace Lad.Bench.Shared;

/// <summary>Per-host log lines: a few templates per host with varying values, and a foreign "kernel panic" line.</summary>
internal static class SyntheticLines
{
    private static readonly string[] Templates =
    [
        "Interface swp{0} link up speed 10000 on {1}",
        "BGP neighbor 10.0.{0}.1 session established for {1}",
        "GET /api/items/{0} 200 12ms served by {1}",
        "cron job backup{0} finished on {1}",
    ];

    public static string Normal(string host, int i) => string.Format(CultureInfo.InvariantCulture, Templates[i % Templates.Length], i % 40, host);

    public static string Foreign(int i) => $"kernel panic: fatal exception in interrupt handler irq {i} segfault at 0x{i:x8}";

    public static BsonDocument Document(string host, string message) => new() { ["Hostname"] = host, ["Message"] = message };
}
