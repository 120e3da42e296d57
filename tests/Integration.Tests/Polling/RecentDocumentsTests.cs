using Lad.Grains.Polling;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Lad.Integration.Tests.Polling;

public class RecentDocumentsTests
{
    [Fact]
    public void WatchedHostsGetTheirDocumentsInOrderAndEveryIdIsKeptForTheRecord()
    {
        var (a1, b1, stranger, hostless, a2) =
            (ObjectId.GenerateNewId(), ObjectId.GenerateNewId(), ObjectId.GenerateNewId(), ObjectId.GenerateNewId(), ObjectId.GenerateNewId());
        BsonDocument[] documents =
        [
            Line(a1, "a"), Line(b1, "b"), Line(stranger, "c"),
            new BsonDocument { { "_id", hostless }, { "host", 7 }, { "message", "no host as text" } },
            Line(a2, "a"),
        ];

        var recent = RecentDocuments.From(documents, "host", new HashSet<string>(["a", "b"], StringComparer.Ordinal));

        Assert.Equal([a1, b1, stranger, hostless, a2], recent.Ids);
        Assert.Equal(["a", "b"], recent.ByHost.Keys.Order());
        Assert.Equal([a1, a2], recent.ByHost["a"].Select(b => BsonSerializer.Deserialize<BsonDocument>(b)["_id"].AsObjectId));
        Assert.Equal("line of b", BsonSerializer.Deserialize<BsonDocument>(recent.ByHost["b"].Single())["message"].AsString);
    }

    [Fact]
    public void NothingReadTellsNobody()
    {
        var recent = RecentDocuments.From([], "host", new HashSet<string>(["a"], StringComparer.Ordinal));

        Assert.Empty(recent.Ids);
        Assert.Empty(recent.ByHost);
    }

    private static BsonDocument Line(ObjectId id, string host) =>
        new() { { "_id", id }, { "host", host }, { "message", $"line of {host}" } };
}
