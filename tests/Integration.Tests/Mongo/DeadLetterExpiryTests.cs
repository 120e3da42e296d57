using Lad.Grains.DeadLetters;
using Lad.Grains.Retention;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Mongo;

/// <summary>A dead-letter store given the retention puts the expiry in place before its first write, so a silo whose
/// start could not make it (MongoDB not up yet) still gets it; one without the retention leaves the collection alone.</summary>
public class DeadLetterExpiryTests(MongoServerFixture server)
{
    private static readonly DeadLetter Letter = new(
        "network_logs", "cumulus", ObjectId.GenerateNewId(), DeadLetterReason.TooLarge, "too big", new BsonDocument("Message", "x"));

    [Fact]
    public async Task AStoreWithTheRetentionMakesTheExpiryBeforeItsFirstWrite()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("dl"));

        await new MongoDeadLetterStore(database, TimeSpan.FromDays(30)).WriteAsync([Letter], DateTime.UtcNow, TestContext.Current.CancellationToken);

        var ttl = Assert.Single(await IndexesAsync(database), i => i["name"] == TtlIndex.Name);
        Assert.Equal(new BsonDocument("at", 1), ttl["key"].AsBsonDocument);
        Assert.Equal(30 * 86400L, ttl["expireAfterSeconds"].ToInt64());
    }

    [Fact]
    public async Task AStoreWithoutTheRetentionLeavesTheExpiryAlone()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("dl"));

        await new MongoDeadLetterStore(database).WriteAsync([Letter], DateTime.UtcNow, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(await IndexesAsync(database), i => i["name"] == TtlIndex.Name);
    }

    private static async Task<List<BsonDocument>> IndexesAsync(IMongoDatabase database) =>
        await (await database.GetCollection<BsonDocument>(MongoDeadLetterStore.CollectionName).Indexes.ListAsync(TestContext.Current.CancellationToken))
            .ToListAsync(TestContext.Current.CancellationToken);
}
