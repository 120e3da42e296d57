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
