using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Sink;
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

        Assert.Equal(new SinkWriteResult(1, 0), result);
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

        Assert.Equal(new SinkWriteResult(3, 0), first);
        Assert.Equal(new SinkWriteResult(2, 3), retry);
        Assert.Equal(new SinkWriteResult(0, 5), again);
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

        Assert.Equal(new SinkWriteResult(1, 0), second);
        Assert.Equal(2, await database.GetCollection<BsonDocument>("all_anomalies")
            .CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: ct));
    }

    private static DetectedAnomaly Anomaly(string message, double score)
    {
        var id = ObjectId.GenerateNewId();
        var document = new BsonDocument
        {
            ["_id"] = id,
            ["Hostname"] = "cumulus",
            ["Message"] = message,
            ["Interface"] = "eth0",
        };
        var explanation = new Explanation(["template never seen in training"], "kernel panic on cpu <*>", 0, 0.0, "link up on <*>");
        return new DetectedAnomaly(
            new PolledRecord(id, new LogRecord(message, null, "cumulus"), document),
            new AnomalyVerdict(score, 2.0, explanation),
            "model-7",
            DetectedAt);
    }
}
