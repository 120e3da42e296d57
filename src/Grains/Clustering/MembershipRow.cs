using MongoDB.Bson;
using Orleans.Runtime;

namespace Lad.Grains.Clustering;

/// <summary>The document of one silo in one cluster. Times are stored as UTC ticks so they round-trip exactly.</summary>
internal static class MembershipRow
{
    public const string Cluster = "cluster";
    public const string ETag = "etag";
    public const string Status = "status";
    public const string ProxyPort = "proxy_port";
    public const string IAmAlive = "alive";
    private const string Silo = "silo";
    private const string Suspects = "suspects";
    private const string SuspectTime = "time";
    private const string HostName = "host";
    private const string SiloName = "name";
    private const string RoleName = "role";
    private const string UpdateZone = "update_zone";
    private const string FaultZone = "fault_zone";
    private const string StartTime = "start";

    public static string IdOf(string clusterId, SiloAddress silo) => $"{clusterId}/{silo.ToParsableString()}";

    public static BsonDocument Create(string clusterId, MembershipEntry entry, string etag) => new()
    {
        ["_id"] = IdOf(clusterId, entry.SiloAddress),
        [Cluster] = clusterId,
        [ETag] = etag,
        [Silo] = entry.SiloAddress.ToParsableString(),
        [Status] = (int)entry.Status,
        [Suspects] = new BsonArray((entry.SuspectTimes ?? []).Select(s => new BsonDocument
        {
            [Silo] = s.Item1.ToParsableString(),
            [SuspectTime] = Ticks(s.Item2),
        })),
        [ProxyPort] = entry.ProxyPort,
        [HostName] = entry.HostName ?? "",
        [SiloName] = entry.SiloName ?? "",
        [RoleName] = entry.RoleName ?? "",
        [UpdateZone] = entry.UpdateZone,
        [FaultZone] = entry.FaultZone,
        [StartTime] = Ticks(entry.StartTime),
        [IAmAlive] = Ticks(entry.IAmAliveTime),
    };

    /// <summary>Reads a row back; a malformed document names its id and field instead of failing somewhere in Orleans.</summary>
    public static Tuple<MembershipEntry, string> Read(BsonDocument row)
    {
        var id = row.GetValue("_id", "?").ToString();
        try
        {
            var entry = new MembershipEntry
            {
                SiloAddress = SiloAddress.FromParsableString(row[Silo].AsString),
                Status = (SiloStatus)row[Status].ToInt32(),
                SuspectTimes = [.. row[Suspects].AsBsonArray.Select(s => Tuple.Create(
                    SiloAddress.FromParsableString(s[Silo].AsString),
                    FromTicks(s[SuspectTime])))],
                ProxyPort = row[ProxyPort].ToInt32(),
                HostName = row[HostName].AsString,
                SiloName = row[SiloName].AsString,
                RoleName = row[RoleName].AsString,
                UpdateZone = row[UpdateZone].ToInt32(),
                FaultZone = row[FaultZone].ToInt32(),
                StartTime = FromTicks(row[StartTime]),
                IAmAliveTime = FromTicks(row[IAmAlive]),
            };
            return Tuple.Create(entry, row[ETag].AsString);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or FormatException)
        {
            throw new InvalidDataException($"Membership row '{id}' is malformed: {e.Message}", e);
        }
    }

    public static long Ticks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    private static DateTime FromTicks(BsonValue ticks) => new(ticks.ToInt64(), DateTimeKind.Utc);
}
