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

    private static Lad.Engine.Source.LogRecord Read(BsonDocument document)
    {
        document["_id"] = ObjectId.GenerateNewId();
        document["hostname"] = "fortiauthenticator";
        var reason = new LogDocumentReader(Shape).TryRead(document, out _, out _, out var record);

        Assert.Null(reason);
        return record!;
    }
}
