using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.DeadLetters;
using Lad.Grains.Sink;
using Lad.Integration.Tests.Daemon;
using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Mongo;

public class MongoAnomalySinkTests(MongoServerFixture server)
{
    private static readonly DateTime DetectedAt = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AnomalyDocumentCarriesOriginalFieldsAndVerdict()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("sink"));
        var sink = new MongoAnomalySink(database);
        var anomaly = Anomaly("kernel panic on cpu 3", score: 9.5);

        var result = await sink.WriteAsync("network_logs", "network_anomaly", [anomaly], TestContext.Current.CancellationToken);

        Assert.Equal((1, 0, 0), Counts(result));
        var stored = await database.GetCollection<BsonDocument>("network_anomaly").Find(FilterDefinition<BsonDocument>.Empty)
            .SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal($"network_logs:{anomaly.Source.Id}", stored["_id"].AsString);
        Assert.Equal("kernel panic on cpu 3", stored["Message"].AsString);
        Assert.Equal("cumulus", stored["Hostname"].AsString);
        Assert.Equal("eth0", stored["Interface"].AsString);
        var lad = stored["lad"].AsBsonDocument;
        Assert.Equal(anomaly.Source.Id, lad["source_id"].AsObjectId);
        Assert.Equal("network_logs", lad["source_collection"].AsString);
        Assert.Equal("cumulus", lad["hostname"].AsString);
        Assert.Equal(9.5, lad["score"].AsDouble);
        Assert.Equal(2.0, lad["threshold"].AsDouble);
        Assert.Equal("model-7", lad["model_version"].AsString);
        Assert.Equal("kernel panic on cpu <*>", lad["template"].AsString);
        Assert.Equal(["template never seen in training"], lad["reasons"].AsBsonArray.Select(r => r.AsString));
        Assert.Equal(0, lad["template_training_count"].ToInt64());
        Assert.Equal("link up on <*>", lad["nearest_normal"].AsString);
        Assert.Equal(DetectedAt, lad["detected_at"].ToUniversalTime());
    }

    [Fact]
    public async Task RetriedBatchDoesNotDuplicate()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("sinkretry"));
        var sink = new MongoAnomalySink(database);
        var batch = Enumerable.Range(0, 5).Select(i => Anomaly($"odd line {i}", score: 3 + i)).ToList();
        var ct = TestContext.Current.CancellationToken;

        var first = await sink.WriteAsync("network_logs", "network_anomaly", batch[..3], ct);
        var retry = await sink.WriteAsync("network_logs", "network_anomaly", batch, ct);
        var again = await sink.WriteAsync("network_logs", "network_anomaly", batch, ct);

        Assert.Equal((3, 0, 0), Counts(first));
        Assert.Equal((2, 3, 0), Counts(retry));
        Assert.Equal((0, 5, 0), Counts(again));
        var collection = database.GetCollection<BsonDocument>("network_anomaly");
        Assert.Equal(5, await collection.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: ct));
    }

    [Fact]
    public async Task SameSourceIdFromAnotherCollectionIsADifferentAnomaly()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("sinkcols"));
        var sink = new MongoAnomalySink(database);
        var anomaly = Anomaly("odd", score: 5);
        var ct = TestContext.Current.CancellationToken;

        await sink.WriteAsync("network_logs", "all_anomalies", [anomaly], ct);
        var second = await sink.WriteAsync("web_logs", "all_anomalies", [anomaly], ct);

        Assert.Equal((1, 0, 0), Counts(second));
        Assert.Equal(2, await database.GetCollection<BsonDocument>("all_anomalies")
            .CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: ct));
    }

    [Fact]
    public async Task FieldNamesMongoDbRefusesAreStoredEscapedAndDecodeToTheOriginals()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("sinknames"));
        var sink = new MongoAnomalySink(database);
        var anomaly = Anomaly("odd price", score: 5, extra: new BsonDocument
        {
            ["$price"] = 12.5,
            ["a.b"] = "dotted",
            ["100%"] = "percent",
            ["cart"] = new BsonDocument { ["$items"] = new BsonArray { new BsonDocument("sku.id", "x1") }, ["a$b"] = 1 },
        });
        var ct = TestContext.Current.CancellationToken;

        var result = await sink.WriteAsync("shop_logs", "shop_anomaly", [anomaly], ct);

        Assert.Equal((1, 0, 0), Counts(result));
        var stored = await database.GetCollection<BsonDocument>("shop_anomaly").Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(ct);
        Assert.Equal(12.5, stored["%24price"].AsDouble);
        Assert.Equal("dotted", stored["a%2Eb"].AsString);
        Assert.Equal("percent", stored["100%25"].AsString);
        var cart = stored["cart"].AsBsonDocument;
        Assert.Equal("x1", cart["%24items"][0]["sku%2Eid"].AsString);
        Assert.Equal(1, cart["a$b"].AsInt32); // a '$' inside a name is accepted, so it stays
        Assert.Equal(["_id", "Hostname", "Message", "Interface", "$price", "a.b", "100%", "cart", "lad"], stored.Names.Select(Uri.UnescapeDataString));
        Assert.Empty(await DeadLettersAsync(database));
    }

    [Fact]
    public async Task ATooLargeAnomalyIsDeadLetteredAndTheRestOfTheBatchIsWritten()
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("sinklarge"));
        var sink = new MongoAnomalySink(database);
        var huge = Anomaly("huge line", score: 7, extra: new BsonDocument("payload", new string('x', MongoAnomalySink.MaxDocumentBytes)));
        var batch = new[] { Anomaly("odd line 1", score: 4), huge, Anomaly("odd line 2", score: 5) };
        var ct = TestContext.Current.CancellationToken;

        var result = await sink.WriteAsync("network_logs", "network_anomaly", batch, ct);
        var again = await sink.WriteAsync("network_logs", "network_anomaly", batch, ct);

        Assert.Equal((2, 0, 1), Counts(result));
        Assert.Equal((0, 2, 1), Counts(again));
        Assert.Equal(DeadLetterReason.TooLarge, Assert.Single(result.DeadLettered).Reason);
        var written = await database.GetCollection<BsonDocument>("network_anomaly").Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(ct);
        Assert.Equal(["odd line 1", "odd line 2"], written.Select(d => d["Message"].AsString).Order());
        var letter = Assert.Single(await DeadLettersAsync(database)); // the replay refreshed it rather than adding another
        Assert.Equal("too_large", letter["reason"].AsString);
        Assert.Equal(huge.Source.Id, letter["source_id"].AsObjectId);
        Assert.Equal(("network_logs", "cumulus"), (letter["source_collection"].AsString, letter["hostname"].AsString));
        Assert.Contains("over MongoDB's limit", letter["detail"].AsString, StringComparison.Ordinal);
        Assert.True(letter["raw_truncated"].AsBoolean);
        Assert.Equal(MongoDeadLetterStore.MaxRawCharacters, letter["raw"].AsString.Length);
        Assert.StartsWith("{ \"_id\" : { \"$oid\" : \"" + huge.Source.Id, letter["raw"].AsString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWriteCutOffByTheNetworkThrowsSetsNothingAsideAndSucceedsOnceWhenRetried()
    {
        var direct = new MongoUrl(server.ConnectionString).Server;
        await using var forwarder = new TcpForwarder(direct.Host, direct.Port);
        using var client = new MongoClient($"mongodb://127.0.0.1:{forwarder.Port}/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=2000");
        var name = MongoServerFixture.NewDatabaseName("sinkcut");
        var sink = new MongoAnomalySink(client.GetDatabase(name));
        var batch = Enumerable.Range(0, 3).Select(i => Anomaly($"odd line {i}", score: 3 + i)).ToList();
        var ct = TestContext.Current.CancellationToken;

        await forwarder.CutAsync();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => sink.WriteAsync("network_logs", "network_anomaly", batch, ct));
        Assert.Null(WriteFailures.PoisonReason(failure));
        forwarder.Restore();
        var retried = await sink.WriteAsync("network_logs", "network_anomaly", batch, ct);

        Assert.Equal((3, 0, 0), Counts(retried));
        var database = server.Client.GetDatabase(name);
        Assert.Equal(3, await database.GetCollection<BsonDocument>("network_anomaly").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: ct));
        Assert.Empty(await DeadLettersAsync(database));
    }

    private static (int Inserted, int AlreadyPresent, int DeadLettered) Counts(SinkWriteResult result) =>
        (result.Inserted, result.AlreadyPresent, result.DeadLettered.Count);

    private static async Task<List<BsonDocument>> DeadLettersAsync(IMongoDatabase database) =>
        await database.GetCollection<BsonDocument>(MongoDeadLetterStore.CollectionName).Find(FilterDefinition<BsonDocument>.Empty)
            .ToListAsync(TestContext.Current.CancellationToken);

    private static DetectedAnomaly Anomaly(string message, double score, BsonDocument? extra = null)
    {
        var id = ObjectId.GenerateNewId();
        var document = new BsonDocument
        {
            ["_id"] = id,
            ["Hostname"] = "cumulus",
            ["Message"] = message,
            ["Interface"] = "eth0",
        };
        document.AddRange(extra ?? []);
        var explanation = new Explanation(["template never seen in training"], "kernel panic on cpu <*>", 0, 0.0, "link up on <*>");
        return new DetectedAnomaly(
            new PolledRecord(id, new LogRecord(message, null, "cumulus"), document),
            new AnomalyVerdict(score, 2.0, explanation),
            "model-7",
            DetectedAt);
    }
}
