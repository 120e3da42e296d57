using Lad.Engine.Source.Files;
using Lad.Grains.Source;
using Lad.Grains.Source.Files;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Files;

public class FileLineReaderTests
{
    private static readonly DateTime ReadAt = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private static readonly FileIdentity File = FileIdentity.Of("first line\n"u8);

    // The fork's field names (HOSTNAME_INDEX, MESSAGE_INDEX, DATETIME_INDEX).
    private static readonly MongoDocumentShape ForkShape = new("message", "hostname", null, "timestamp", 65536);

    [Fact]
    public void ASyslogLineGetsItsOwnHostAndOneWithoutAHeaderTheConfiguredOne()
    {
        var reader = new FileLineReader("/var/log/app.log", LocalFileFormat.LogLines, ForkShape, "fallback");

        reader.TryRead(new TailedLine("Nov 24 10:00:00 web-1 sshd[7]: Accepted publickey", 120, 3, File), ReadAt, out var syslog, out _);
        reader.TryRead(new TailedLine("worker started", 200, 4, File), ReadAt, out var plain, out _);

        Assert.Equal(("web-1", "sshd[7]: Accepted publickey"), (syslog!.Record.Host, syslog.Record.Message));
        Assert.Equal(("fallback", "worker started"), (plain!.Record.Host, plain.Record.Message));
        Assert.Equal($"{File}:120", syslog.Id.AsString);
        Assert.Equal(new BsonDocument { ["_id"] = $"{File}:120", ["file"] = "/var/log/app.log", ["line"] = 3L, ["text"] = "Nov 24 10:00:00 web-1 sshd[7]: Accepted publickey" }, syslog.Document);
    }

    [Fact]
    public void AJsonDocumentIsReadByTheConfiguredFieldsAndKeepsItsOwnId()
    {
        var reader = new FileLineReader("export.json", LocalFileFormat.JsonDocuments, ForkShape, "fallback");
        const string line = """{"_id": {"$oid": "6744a0000000000000000001"}, "hostname": "cumulus", "message": "link up", "timestamp": {"$date": "2026-11-24T10:00:00Z"}}""";

        var reason = reader.TryRead(new TailedLine(line, 0, 1, File), ReadAt, out var record, out var problem);

        Assert.Null(reason);
        Assert.Null(problem);
        Assert.Equal(("cumulus", "link up"), (record!.Record.Host, record.Record.Message));
        Assert.Equal(new ObjectId("6744a0000000000000000001"), record.Id.AsObjectId);
        Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), record.Time);
    }

    [Fact]
    public void AJsonDocumentWithoutAnIdGetsTheLinesId()
    {
        var reader = new FileLineReader("export.ndjson", LocalFileFormat.JsonDocuments, ForkShape, "fallback");

        reader.TryRead(new TailedLine("""{"hostname": "cumulus", "message": "link up"}""", 64, 2, File), ReadAt, out var record, out _);

        Assert.Equal($"{File}:64", record!.Id.AsString);
        Assert.Equal(ReadAt, record.Time);
    }

    [Fact]
    public void ALineThatIsNotJsonIsNamedByFileAndLineNumber()
    {
        var reader = new FileLineReader("/data/export.json", LocalFileFormat.JsonDocuments, ForkShape, "fallback");

        var reason = reader.TryRead(new TailedLine("Nov 24 10:00:00 web-1 sshd[7]: not json", 300, 7, File), ReadAt, out var record, out var problem);

        Assert.Equal(SkipReason.NotJson, reason);
        Assert.Null(record);
        Assert.StartsWith("/data/export.json, line 7: not a JSON document (", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentWithoutItsMessageFieldIsSkippedForThatReason()
    {
        var reader = new FileLineReader("export.json", LocalFileFormat.JsonDocuments, ForkShape, "fallback");

        var reason = reader.TryRead(new TailedLine("""{"hostname": "cumulus", "Message": "wrong case"}""", 0, 1, File), ReadAt, out _, out var problem);

        Assert.Equal(SkipReason.MissingMessage, reason);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("/var/log/syslog", LocalFileFormat.LogLines)]
    [InlineData("/var/log/app.log.1", LocalFileFormat.LogLines)]
    [InlineData("export.json", LocalFileFormat.JsonDocuments)]
    [InlineData("export.JSONL", LocalFileFormat.JsonDocuments)]
    [InlineData("export.ndjson", LocalFileFormat.JsonDocuments)]
    public void TheFormatIsToldByTheFileName(string path, LocalFileFormat format) => Assert.Equal(format, LocalFileFormats.Of(path));
}
