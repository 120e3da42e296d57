using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Polling;

public class LogDocumentReaderTests
{
    private static readonly MongoDocumentShape Shape = new("message", "hostname", "severity", null, 10_000);

    [Fact]
    public void AWholeSyslogLineWithoutALevelFieldHasTheSeverityOfItsPriority()
    {
        // The seed fork's documents: the message is the line as the device sent it, and there is no level field.
        var error = Read(new BsonDocument { ["message"] = "<131> Nov  2 09:51:32 AAA: authentication backend unreachable" });
        var info = Read(new BsonDocument { ["message"] = "<134> Nov  2 09:51:35 AAA: User admin logout from ssh" });

        Assert.Equal("ERR", error.Level);
        Assert.Equal("INFO", info.Level);
        Assert.Equal("<131> Nov  2 09:51:32 AAA: authentication backend unreachable", error.Message);
    }

    [Fact]
    public void ALevelFieldWinsOverThePriorityAndAPlainMessageHasNone()
    {
        var named = Read(new BsonDocument { ["message"] = "<134> Nov  2 09:51:35 AAA: User admin logout", ["severity"] = "WARN" });
        var plain = Read(new BsonDocument { ["message"] = "User admin logout from ssh" });

        Assert.Equal("WARN", named.Level);
        Assert.Null(plain.Level);
    }

    [Theory]
    [InlineData(3, "ERR")]
    [InlineData(6, "INFO")]
    [InlineData(0, "EMERG")]
    [InlineData(7L, "DEBUG")]
    [InlineData(4.0, "WARNING")]
    public void ASeverityStoredAsItsSyslogNumberIsItsLevel(object severity, string level)
    {
        // rsyslog's MongoDB output keeps the severity as a number (syslog_sever); Logstash's severity is one too.
        var record = Read(new BsonDocument { ["message"] = "disk quota exceeded", ["severity"] = BsonValue.Create(severity) });

        Assert.Equal(level, record.Level);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(-1)]
    [InlineData(2.5)]
    [InlineData(true)]
    public void ALevelThatIsNeitherTextNorASeverityNumberSkipsTheDocument(object value)
    {
        var document = new BsonDocument
        {
            ["_id"] = ObjectId.GenerateNewId(), ["hostname"] = "web-1", ["message"] = "ok", ["severity"] = BsonValue.Create(value),
        };

        Assert.Equal(SkipReason.LevelNotText, new LogDocumentReader(Shape).TryRead(document, out _, out _, out _));
    }

    [Fact]
    public void ATagTheShipperSplitOffOpensTheMessageAgain()
    {
        // rsyslog's MongoDB output: the tag beside the message, which keeps the space that followed the tag.
        var shape = Shape with { ProgramField = "syslog_tag" };
        var tagged = Read(new BsonDocument { ["message"] = " Accepted publickey for deploy", ["syslog_tag"] = "sshd[2417]:" }, shape);
        var untagged = Read(new BsonDocument { ["message"] = "no tag field in this one" }, shape);
        var empty = Read(new BsonDocument { ["message"] = "a null tag", ["syslog_tag"] = BsonNull.Value }, shape);

        Assert.Equal("sshd[2417]: Accepted publickey for deploy", tagged.Message);
        Assert.Equal("no tag field in this one", untagged.Message);
        Assert.Equal("a null tag", empty.Message);
    }

    [Fact]
    public void RsyslogsDefaultMongoDocumentIsReadWithTheSettingsTheReadmeGives()
    {
        // The fields rsyslog's ommongodb writes with its default template, with their BSON types.
        var shape = new MongoDocumentShape("msg", "sys", "syslog_sever", "time", 10_000, "syslog_tag");
        var document = new BsonDocument
        {
            ["_id"] = ObjectId.GenerateNewId(), ["sys"] = "web-1", ["time"] = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc),
            ["time_rcvd"] = new DateTime(2026, 11, 24, 10, 0, 1, DateTimeKind.Utc), ["msg"] = " Failed password for root from 10.0.0.9 port 4242 ssh2",
            ["syslog_fac"] = 4, ["syslog_sever"] = 6, ["syslog_tag"] = "sshd[2417]:", ["procid"] = "sshd", ["pid"] = "2417", ["level"] = "INFO",
        };

        var reason = new LogDocumentReader(shape).TryRead(document, out _, out var time, out var record);

        Assert.Null(reason);
        Assert.Equal(new Lad.Engine.Source.LogRecord("sshd[2417]: Failed password for root from 10.0.0.9 port 4242 ssh2", "INFO", "web-1"), record);
        Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), time);
    }

    [Fact]
    public void AProgramFieldHoldingNoTextSkipsTheDocumentNamingWhy()
    {
        var document = new BsonDocument { ["_id"] = ObjectId.GenerateNewId(), ["hostname"] = "web-1", ["message"] = "ok", ["program"] = 42 };

        var reason = new LogDocumentReader(Shape with { ProgramField = "program" }).TryRead(document, out _, out _, out var record);

        Assert.Equal(SkipReason.ProgramNotText, reason);
        Assert.Null(record);
    }

    private static Lad.Engine.Source.LogRecord Read(BsonDocument document, MongoDocumentShape? shape = null)
    {
        document["_id"] = ObjectId.GenerateNewId();
        document["hostname"] = "fortiauthenticator";
        var reason = new LogDocumentReader(shape ?? Shape).TryRead(document, out _, out _, out var record);

        Assert.Null(reason);
        return record!;
    }
}
