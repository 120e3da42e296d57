using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.DeadLetters;
using Lad.Client.Commands;
using Lad.Grains.Detection;
using Lad.Grains.Metrics;
using Lad.Grains.Sink;
using Microsoft.Extensions.DependencyInjection;
using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using static Lad.Integration.Tests.Daemon.DaemonYaml;

namespace Lad.Integration.Tests.Daemon;

/// <summary>A document that cannot be scored or written is set aside and its host goes on.</summary>
public class PoisonTests(MongoServerFixture server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ADollarFieldDocumentNeitherStallsTheHostNorLosesTheAnomalyAfterIt()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("poison_in"), MongoServerFixture.NewDatabaseName("poison_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        // The first foreign line carries names the driver refuses to send as they are; the second is a plain anomaly.
        var poison = LogStore.Document("cumulus", LogStore.Foreign(1));
        poison["$price"] = 12.5;
        poison["order"] = new BsonDocument("item.sku", "x1");
        var documents = new[] { LogStore.Document("cumulus", LogStore.Normal("cumulus", 1)), poison, LogStore.Document("cumulus", LogStore.Foreign(2)) };
        var ids = await store.InsertAsync(Network, documents);
        var host = cluster.Host(Network, "cumulus");
        var status = await Eventually.WaitAsync(host.GetStatusAsync, s => s.Checkpoint == ids[^1].ToString(), Wait, s => $"{s.Phase} {s.Reason}");

        Assert.Equal(DetectorPhase.Detecting, status.Phase);
        Assert.Equal((3L, 2L), (status.LinesScored, status.Anomalies));
        var anomalies = await store.AnomaliesAsync(NetworkTarget);
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), anomalies.Select(a => a["lad"]["source_id"].AsObjectId).Order());
        var stored = anomalies.Single(a => a["lad"]["source_id"] == ids[1]);
        Assert.Equal(12.5, stored["%24price"].AsDouble);
        Assert.Equal("x1", stored["order"]["item%2Esku"].AsString);
        Assert.Equal(0, await server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(MongoDeadLetterStore.CollectionName)
            .CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnAnomalyTooLargeToWriteIsDeadLetteredCountedAndShownAndTheHostGoesOn()
    {
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("poison_big_in"), MongoServerFixture.NewDatabaseName("poison_big_out"));
        var store = new LogStore(server.Client.GetDatabase(inputDb), server.Client.GetDatabase(targetDb));
        await store.InsertHistoryAsync(Network, "cumulus", 200);
        await using var cluster = await DaemonCluster.StartAsync(OneHost(server.ConnectionString, inputDb, targetDb));
        await cluster.WaitAllDetectingAsync(Wait);

        // A source document just under MongoDB's limit: the anomaly document, which adds LAD's verdict, is over it.
        var huge = LogStore.Document("cumulus", LogStore.Foreign(1));
        huge["payload"] = "";
        huge["payload"] = new string('p', MongoAnomalySink.MaxDocumentBytes - 200 - huge.ToBson().Length);
        var documents = new[] { huge, new BsonDocument("Hostname", "cumulus"), LogStore.Document("cumulus", LogStore.Foreign(2)) };
        var ids = await store.InsertAsync(Network, documents);
        var host = cluster.Host(Network, "cumulus");
        var status = await Eventually.WaitAsync(host.GetStatusAsync, s => s.Checkpoint == ids[^1].ToString(), Wait, s => $"{s.Phase} {s.Reason}");

        Assert.Equal(DetectorPhase.Detecting, status.Phase);
        Assert.Equal((2L, 1L), (status.LinesScored, status.Anomalies));
        Assert.Equal(ids[2], Assert.Single(await store.AnomaliesAsync(NetworkTarget))["lad"]["source_id"].AsObjectId);
        var letter = Assert.Single(await server.Client.GetDatabase(targetDb).GetCollection<BsonDocument>(MongoDeadLetterStore.CollectionName)
            .Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal((ids[0], "too_large", "cumulus"), (letter["source_id"].AsObjectId, letter["reason"].AsString, letter["hostname"].AsString));
        Assert.Equal("skipped missing_message 1; dead letter too_large 1", HostsCommand.SetAsideText(status));
        var metrics = cluster.SiloServices.GetRequiredService<LadMetrics>().For(new HostKey(Network, "cumulus"));
        Assert.Equal([new KeyValuePair<string, long>("too_large", 1)], metrics.DeadLetters);
        Assert.Equal([new KeyValuePair<string, long>("missing_message", 1)], metrics.Skipped);
    }

    [Fact]
    public void ALineWhoseScoringThrowsIsSetAsideAndTheLinesAfterItAreScored()
    {
        var records = new[] { "ok one", "boom", "odd two", "ok three" }.Select(Polled).ToList();

        var scored = BatchScorer.Score("network_logs", records, new ThrowingOn("boom"), (_, _) => false, "3", DateTime.UnixEpoch);

        Assert.Equal(3, scored.Scored);
        Assert.Equal(["odd two"], scored.Anomalies.Select(a => a.Source.Record.Message));
        var failure = Assert.Single(scored.Failures);
        Assert.Equal((DeadLetterReason.ScoringFailed, records[1].Id, "cumulus"), (failure.Reason, failure.SourceId.AsObjectId, failure.Host));
        Assert.Equal("InvalidOperationException: cannot score 'boom'", failure.Detail);
        Assert.Same(records[1].Document, failure.Raw);
    }

    [Fact]
    public void FeedbackSilencesAnAnomalyButItIsStillScored()
    {
        var records = new[] { "odd one", "odd two" }.Select(Polled).ToList();

        var scored = BatchScorer.Score("network_logs", records, new ThrowingOn("never"), (message, _) => message == "odd one", "3", DateTime.UnixEpoch);

        Assert.Equal((2, 2.0), (scored.Scored, scored.ScoreSum));
        Assert.Equal(["odd two"], scored.Anomalies.Select(a => a.Source.Record.Message));
    }

    private static PolledRecord Polled(string message)
    {
        var id = ObjectId.GenerateNewId();
        return new PolledRecord(id, new LogRecord(message, null, "cumulus"), new BsonDocument { ["_id"] = id, ["Message"] = message });
    }

    /// <summary>Scores lines starting with "odd" 1 and others 0 against a threshold of 0.5; throws on one message.</summary>
    private sealed class ThrowingOn(string poison) : ILogStreamScorer
    {
        public AnomalyVerdict Score(LogRecord record) => record.Message == poison
            ? throw new InvalidOperationException($"cannot score '{poison}'")
            : new AnomalyVerdict(record.Message.StartsWith("odd", StringComparison.Ordinal) ? 1 : 0, 0.5, new Explanation([], record.Message, 0, 0, null));

        public void Observe(LogRecord record)
        {
        }
    }
}
