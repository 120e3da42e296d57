using Lad.Engine.Score;
using Lad.Engine.Source;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Mongo;

/// <summary>The anomalies per host and hour the MongoDB sink keeps for the console's charts agree with the anomaly
/// documents themselves (what the charts counted before) after replays, a crash between the two writes, and a restart.</summary>
public class HourlyAnomalyCountsTests(MongoServerFixture server)
{
    private const string Source = "network_logs";
    private const string Target = "network_anomaly";

    // Late on a day, so that a range of hours crosses midnight.
    private static readonly DateTime TenPast22 = new(2026, 11, 24, 22, 10, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AReplayedBatchIsCountedOnce()
    {
        var (database, counts, sink) = Fresh("hourly_replay");
        var token = TestContext.Current.CancellationToken;
        var batch = Enumerable.Range(0, 5).Select(i => Anomaly("cumulus", TenPast22.AddMinutes(i))).ToList();

        await sink.WriteAsync(Source, Target, batch[..3], token);
        await sink.WriteAsync(Source, Target, batch, token);
        await sink.WriteAsync(Source, Target, batch, token);

        var read = await counts.ReadAsync(TenPast22.Date.AddHours(20), 4, null, null, token);
        Assert.Equal([0, 0, 5, 0], read[(Source, "cumulus")]);
        Assert.Equal(read, await FromDocumentsAsync(database, TenPast22.Date.AddHours(20), 4));
    }

    [Fact]
    public async Task AReplayAnHourLaterMovesTheAnomaliesToThatHour()
    {
        var (database, counts, sink) = Fresh("hourly_move");
        var token = TestContext.Current.CancellationToken;
        var batch = Enumerable.Range(0, 4).Select(i => Anomaly("cumulus", TenPast22.AddMinutes(i))).ToList();
        await sink.WriteAsync(Source, Target, batch, token);

        // The same lines scored again after midnight: new verdicts, new detection times, the same documents.
        await sink.WriteAsync(Source, Target, [.. batch.Select(a => a with { DetectedAt = a.DetectedAt.AddHours(2) })], token);

        var from = TenPast22.Date.AddHours(21);
        var read = await counts.ReadAsync(from, 4, null, null, token);
        Assert.Equal([0, 0, 0, 4], read[(Source, "cumulus")]); // 22:00 has none left, 00:00 the next day all
        Assert.Equal(read, await FromDocumentsAsync(database, from, 4));
    }

    [Fact]
    public async Task AReplayAfterACrashBetweenTheWritesCountsWhatTheFirstWriteLeftUncounted()
    {
        var (database, counts, sink) = Fresh("hourly_crash");
        var token = TestContext.Current.CancellationToken;
        var batch = new[] { Anomaly("cumulus", TenPast22), Anomaly("spine01", TenPast22), Anomaly("cumulus", TenPast22.AddHours(1)) };
        // The anomalies were written, then the process stopped before their counts were.
        await new MongoAnomalySink(database).WriteAsync(Source, Target, batch, token);
        Assert.Empty(await counts.ReadAsync(TenPast22.Date.AddHours(20), 5, null, null, token));

        // After the restart the batch is replayed from the checkpoint, by a new sink and counts.
        await sink.WriteAsync(Source, Target, batch, token);

        var restarted = new HourlyAnomalyCounts(database, TimeSpan.FromDays(30));
        var read = await restarted.ReadAsync(TenPast22.Date.AddHours(20), 5, null, null, token);
        Assert.Equal([0, 0, 1, 1, 0], read[(Source, "cumulus")]);
        Assert.Equal([0, 0, 1, 0, 0], read[(Source, "spine01")]);
        Assert.Equal(read, await FromDocumentsAsync(database, TenPast22.Date.AddHours(20), 5));
    }

    [Fact]
    public async Task ReadsOneHostAndLeavesOutHoursOutsideTheRange()
    {
        var (_, counts, sink) = Fresh("hourly_read");
        var token = TestContext.Current.CancellationToken;
        await sink.WriteAsync(Source, Target, [Anomaly("cumulus", TenPast22), Anomaly("cumulus", TenPast22.AddHours(2)), Anomaly("spine01", TenPast22)], token);

        var ofCumulus = await counts.ReadAsync(TenPast22.Date.AddHours(22), 2, Source, "cumulus", token);
        Assert.Equal([(Source, "cumulus")], ofCumulus.Keys);
        Assert.Equal([1, 0], ofCumulus[(Source, "cumulus")]);
        Assert.Empty(await counts.ReadAsync(TenPast22.Date.AddHours(22), 2, "web_logs", null, token));
        Assert.Empty(await counts.ReadAsync(TenPast22.Date.AddDays(-1), 24, null, null, token));
        Assert.Throws<ArgumentException>("from", () => { counts.ReadAsync(TenPast22, 2, null, null, token).GetAwaiter().GetResult(); });
    }

    private (IMongoDatabase Database, HourlyAnomalyCounts Counts, MongoAnomalySink Sink) Fresh(string name)
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName(name));
        var counts = new HourlyAnomalyCounts(database, TimeSpan.FromDays(30));
        return (database, counts, new MongoAnomalySink(database, hourly: counts));
    }

    // What the console's chart counted before the counts were kept: every anomaly document, by host and hour.
    private static async Task<Dictionary<(string Source, string Host), int[]>> FromDocumentsAsync(IMongoDatabase database, DateTime from, int hours)
    {
        var documents = await database.GetCollection<BsonDocument>(Target).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(TestContext.Current.CancellationToken);
        var counts = new Dictionary<(string Source, string Host), int[]>();
        foreach (var lad in documents.Select(d => d["lad"].AsBsonDocument))
        {
            var index = (int)Math.Floor((lad["detected_at"].ToUniversalTime() - from).TotalHours);
            if (index >= 0 && index < hours)
            {
                var key = (lad["source_collection"].AsString, lad["hostname"].AsString);
                (counts.TryGetValue(key, out var row) ? row : counts[key] = new int[hours])[index]++;
            }
        }

        return counts;
    }

    private static DetectedAnomaly Anomaly(string host, DateTime detectedAt)
    {
        var id = ObjectId.GenerateNewId();
        var message = $"kernel panic on cpu {id}";
        var document = new BsonDocument { ["_id"] = id, ["Hostname"] = host, ["Message"] = message };
        var explanation = new Explanation(["template never seen in training"], "kernel panic on cpu <*>", 0, 0.0, null);
        return new DetectedAnomaly(new PolledRecord(id, new LogRecord(message, null, host), document), new AnomalyVerdict(9.0, 2.0, explanation), "model-7", detectedAt);
    }
}
