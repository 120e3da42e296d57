using Lad.Grains.Polling;
using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Polling;

public class HandedDocumentsTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void UnhandledDocumentsComeOnceInIdOrderAndBadOnesCountAsSkippedButRead()
    {
        var (scored, first, second, bad) = (Id(1), Id(2), Id(3), Id(4));
        var window = new ReadingWindow(TimeSpan.FromMinutes(5), ObjectId.Empty, ObjectId.Empty, []);
        window.Add([scored], Now);
        var reader = new LogDocumentReader(new MongoDocumentShape("Message", "Hostname", null, null, 10_000));

        var batch = HandedDocuments.Unhandled(
            [Document(second, "b"), Document(scored, "a"), Document(first, "c"), Document(second, "b"), Bad(bad)], window, reader);

        Assert.Equal([first, second, bad], batch.Read);
        Assert.Equal(["c", "b"], batch.Records.Select(r => r.Record.Message));
        Assert.Equal(1, batch.Skipped[SkipReason.MissingMessage]);
    }

    private static byte[] Document(ObjectId id, string message) =>
        new BsonDocument { ["_id"] = id, ["Hostname"] = "h", ["Message"] = message }.ToBson();

    private static byte[] Bad(ObjectId id) => new BsonDocument { ["_id"] = id, ["Hostname"] = "h" }.ToBson();

    private static ObjectId Id(int second) => ObjectId.GenerateNewId(Now.AddSeconds(second));
}
