using System.Globalization;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Daemon;

/// <summary>
/// The documents rsyslog's <c>ommongodb</c> writes with its default template (message in <c>msg</c>, tag in
/// <c>syslog_tag</c>, severity as a number), read with the settings the README gives: the daemon sees each line as a
/// syslog line, tag first, so a known message from another program is reported naming that program.
/// </summary>
public class RsyslogDocumentTests(MongoServerFixture server)
{
    private const string Collection = "syslog";
    private const string Target = "syslog_anomaly";
    private const string Host = "web-1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private static readonly string[] Units = ["apt-daily", "fstrim", "logrotate", "man-db"];

    [Fact]
    public async Task AKnownMessageFromAnotherProgramIsReportedNamingThatProgram()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("rsys_in"), MongoServerFixture.NewDatabaseName("rsys_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        var random = new Random(11);
        // History a minute back, as a host's history is older than its detector.
        var past = DateTime.UtcNow.AddMinutes(-1);
        await store.InsertAsync(Collection, Enumerable.Range(0, 600).Select(i => Normal(random, i, past.AddMilliseconds(i))));
        await using var cluster = await DaemonCluster.StartAsync(Yaml(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        var live = Enumerable.Range(0, 24).Select(i => Normal(random, i, DateTime.UtcNow)).ToList();
        live.Insert(12, Document("systemd[1]:", " Accepted publickey for deploy from 10.0.3.4 port 2222 ssh2", DateTime.UtcNow));
        var ids = await store.InsertAsync(Collection, live);
        await Eventually.WaitAsync(
            () => cluster.Host(Collection, Host).GetStatusAsync(), s => s.LinesScored >= live.Count, Wait, s => $"{s.LinesScored} scored");

        var anomalies = await Eventually.WaitAsync(() => store.AnomaliesAsync(Target), a => a.Count > 0, Wait, a => $"{a.Count} anomalies");
        var anomaly = Assert.Single(anomalies);
        var lad = anomaly["lad"].AsBsonDocument;
        Assert.Equal(ids[12], lad["source_id"].AsObjectId);
        Assert.Equal("systemd[1]: Accepted publickey for deploy from 10.0.3.4 port 2222 ssh2", lad["message"].AsString);
        Assert.Equal("INFO", lad["level"].AsString);
        Assert.Contains(lad["reasons"].AsBsonArray, r => r.AsString.StartsWith("program 'systemd' never wrote this template in training (sshd in ", StringComparison.Ordinal));
    }

    // Each message has its own program; values vary as they do on a real host.
    private static BsonDocument Normal(Random random, int i, DateTime time) => (i % 3) switch
    {
        0 => Document($"sshd[{random.Next(1000, 30000)}]:",
            $" Accepted publickey for deploy from 10.0.{random.Next(256)}.{random.Next(256)} port {random.Next(1024, 65000)} ssh2", time),
        1 => Document("systemd[1]:", $" Started {Units[random.Next(Units.Length)]}.service.", time),
        _ => Document($"CRON[{random.Next(1000, 30000)}]:", $" (root) CMD (/usr/local/bin/job-{random.Next(4)}.sh)", time),
    };

    // The default template's fields and types (ommongodb.c): the message keeps the space that followed the tag.
    private static BsonDocument Document(string tag, string message, DateTime time) => new()
    {
        ["_id"] = ObjectId.GenerateNewId(time),
        ["sys"] = Host,
        ["time"] = time,
        ["time_rcvd"] = time,
        ["msg"] = message,
        ["syslog_fac"] = 3,
        ["syslog_sever"] = 6,
        ["syslog_tag"] = tag,
        ["procid"] = tag[..tag.IndexOf('[', StringComparison.Ordinal)],
        ["pid"] = tag[(tag.IndexOf('[', StringComparison.Ordinal) + 1)..tag.IndexOf(']', StringComparison.Ordinal)],
        ["level"] = "INFO",
    };

    private static string Yaml(string uri, string inputDb, string targetDb) => string.Create(CultureInfo.InvariantCulture, $"""
        MG_URI: "{uri}"
        MG_INPUT_DB: "{inputDb}"
        MG_TARGET_DB: "{targetDb}"
        MG_MESSAGE_FIELD: "msg"
        MG_HOSTNAME_FIELD: "sys"
        MG_TIME_FIELD: "time"
        MG_LEVEL_FIELD: "syslog_sever"
        MG_PROGRAM_FIELD: "syslog_tag"
        MG_POLL_BATCH_SIZE: 50
        POLL_INTERVAL: 1
        LOG_SOURCES:
          "{Collection}":
            HOSTNAMES: ["{Host}"]
            MG_TARGET_COL: "{Target}"
        """);
}
