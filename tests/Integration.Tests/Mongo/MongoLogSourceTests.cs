using Lad.Grains.Source;
using Lad.Integration.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Mongo;

public class MongoLogSourceTests(MongoServerFixture server)
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private static readonly MongoDocumentShape Shape = new("Message", "Hostname", "Level", null, 200);

    [Fact]
    public async Task TrainingReadsTheNewestEntriesOfTheSpanOldestFirst()
    {
        var (source, logs) = NewSource();
        var documents = new List<BsonDocument>();
        for (var i = 0; i < 30; i++)
        {
            // One document per hour, from 29 h ago to now; every third one belongs to another host.
            documents.Add(Log(Now.AddHours(i - 29), i % 3 == 0 ? "other" : "web1", $"line {i}"));
        }

        await logs.InsertManyAsync(documents, cancellationToken: TestContext.Current.CancellationToken);

        var boundary = ObjectIdTime.LatestAt(Now);
        var set = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromHours(20), 8, Now, boundary, ObjectIdTime.EarliestAt(Now.AddHours(-3.5)), TestContext.Current.CancellationToken);

        // Within the last 20 h (i >= 9) host web1 has i = 10,11,13,14,16,17,19,20,22,23,25,26,28,29; the newest 8 are kept.
        Assert.Equal(["line 19", "line 20", "line 22", "line 23", "line 25", "line 26", "line 28", "line 29"],
            set.Records.Select(r => r.Record.Message));
        Assert.All(set.Records, r => Assert.Equal("web1", r.Record.Host));
        // Read within the last 3.5 h: i = 26, 28, 29 (27 is another host's).
        Assert.Equal([26, 28, 29], set.IdsAbove.Select(id => documents.FindIndex(d => d["_id"].AsObjectId == id)).Order());
        Assert.Empty(set.Skipped);
    }

    [Fact]
    public async Task TrainingUsesTheTimeFieldWhenConfigured()
    {
        var (source, logs) = NewSource(Shape with { TimeField = "ts" });
        await logs.InsertManyAsync(
            [
                Log(Now, "web1", "old by time", ts: Now.AddDays(-3)),
                Log(Now, "web1", "recent by time", ts: Now.AddHours(-1)),
                Log(Now, "web1", "no time"),
            ],
            cancellationToken: TestContext.Current.CancellationToken);

        var set = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromDays(1), 100, Now, ObjectIdTime.LatestAt(Now), ObjectId.Empty, TestContext.Current.CancellationToken);

        var record = Assert.Single(set.Records);
        Assert.Equal("recent by time", record.Record.Message);
        Assert.Equal(Now.AddHours(-1), record.Time, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task TrainingAndPollingPutTheTagOfTheProgramFieldBackInFrontOfTheMessage()
    {
        // Training reads a projection of each document: the program field must be in it, or training and polling would
        // see different lines.
        var (source, logs) = NewSource(Shape with { ProgramField = "syslog_tag" });
        var older = Log(Now.AddMinutes(-2), "web1", " Accepted publickey for deploy");
        older["syslog_tag"] = "sshd[2417]:";
        var newer = Log(Now.AddMinutes(-1), "web1", " (root) CMD (run-parts /etc/cron.hourly)");
        newer["syslog_tag"] = "CRON[77]:";
        await logs.InsertManyAsync([older, newer], cancellationToken: TestContext.Current.CancellationToken);

        var set = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromDays(1), 100, Now, ObjectIdTime.LatestAt(Now), ObjectId.Empty, TestContext.Current.CancellationToken);
        var window = new ReadingWindow(TimeSpan.FromMinutes(5), ObjectId.Empty, ObjectId.Empty, []);
        var batch = await source.PollAsync("logs", "web1", window, 100, TestContext.Current.CancellationToken);

        string[] expected = ["sshd[2417]: Accepted publickey for deploy", "CRON[77]: (root) CMD (run-parts /etc/cron.hourly)"];
        Assert.Equal(expected, set.Records.Select(r => r.Record.Message));
        Assert.Equal(expected, batch.Records.Select(r => r.Record.Message));
    }

    [Fact]
    public async Task TrainingReadsNothingAboveItsBoundary()
    {
        var (source, logs) = NewSource();
        var before = Log(Now.AddMinutes(-2), "web1", "before");
        var after = Log(Now.AddMinutes(1), "web1", "after");
        await logs.InsertManyAsync([after, before], cancellationToken: TestContext.Current.CancellationToken);

        var set = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromDays(1), 100, Now, ObjectIdTime.LatestAt(Now), ObjectId.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("before", Assert.Single(set.Records).Record.Message);
        Assert.Equal([before["_id"].AsObjectId], set.IdsAbove);
    }

    [Fact]
    public async Task PollingReturnsUnhandledDocumentsInIdOrderInBoundedBatches()
    {
        var (source, logs) = NewSource();
        var documents = Enumerable.Range(0, 7).Select(i => Log(Now.AddSeconds(i), "web1", $"new {i}", level: i == 2 ? "ERROR" : null)).ToList();
        var late = Log(Now.AddSeconds(-30), "web1", "late");
        await logs.InsertManyAsync(documents, cancellationToken: TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        var window = new ReadingWindow(TimeSpan.FromMinutes(5), ObjectId.Empty, ObjectId.Empty, []);

        var first = await source.PollAsync("logs", "web1", window, 4, ct);
        window.Add(first.Read, Now);
        await logs.InsertOneAsync(late, cancellationToken: ct); // made before every scored id, committed after them
        var second = await source.PollAsync("logs", "web1", window, 4, ct);
        window.Add(second.Read, Now);
        var third = await source.PollAsync("logs", "web1", window, 4, ct);

        Assert.Equal(["new 0", "new 1", "new 2", "new 3"], first.Records.Select(r => r.Record.Message));
        Assert.Equal("ERROR", first.Records[2].Record.Level);
        Assert.Equal(documents.Take(4).Select(d => d["_id"].AsObjectId), first.Read);
        Assert.Equal(["late", "new 4", "new 5", "new 6"], second.Records.Select(r => r.Record.Message));
        Assert.Empty(third.Records);
        Assert.Empty(third.Read);
        Assert.Equal(documents[6]["_id"].AsObjectId, window.Newest);
        Assert.Equal(documents[5]["_id"], second.Records[2].Document["_id"]);
    }

    [Fact]
    public async Task DocumentsWithoutAnObjectIdAreCountedWithAnExample()
    {
        var (source, logs) = NewSource();
        await logs.InsertManyAsync(
            [
                new BsonDocument { ["_id"] = "text-id", ["Hostname"] = "web1", ["Message"] = "a" },
                new BsonDocument { ["_id"] = 42, ["Hostname"] = "web1", ["Message"] = "b" },
                new BsonDocument { ["_id"] = 43, ["Hostname"] = "other", ["Message"] = "c" },
                Log(Now, "web1", "ordinary"),
            ],
            cancellationToken: TestContext.Current.CancellationToken);

        var (count, example) = await source.CountUnorderableAsync("logs", "web1", TestContext.Current.CancellationToken);

        Assert.Equal(2, count);
        Assert.Contains(example, new BsonValue[] { "text-id", 42 });
    }

    [Fact]
    public async Task WithATimeFieldDocumentsWithoutAnObjectIdAreTrainedOnAndPolledByTimeOnce()
    {
        var (source, logs) = NewSource(Shape with { TimeField = "ts" });
        var ct = TestContext.Current.CancellationToken;
        var boundary = ObjectIdTime.EarliestAt(Now);
        await logs.InsertManyAsync(
            [
                new BsonDocument { ["_id"] = "history", ["Hostname"] = "web1", ["Message"] = "old", ["ts"] = Now.AddMinutes(-10) },
                new BsonDocument { ["_id"] = "recent", ["Hostname"] = "web1", ["Message"] = "in look-back", ["ts"] = Now.AddMinutes(-1) },
                new BsonDocument { ["_id"] = 1, ["Hostname"] = "web1", ["Message"] = "new one", ["ts"] = Now.AddSeconds(2) },
                new BsonDocument { ["_id"] = 2, ["Hostname"] = "web1", ["Message"] = "new two", ["ts"] = Now.AddSeconds(3) },
                new BsonDocument { ["_id"] = "undated", ["Hostname"] = "web1", ["Message"] = "no time" },
                new BsonDocument { ["_id"] = 3, ["Hostname"] = "other", ["Message"] = "another host", ["ts"] = Now.AddSeconds(2) },
            ],
            cancellationToken: ct);

        var set = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromDays(1), 100, Now, boundary, ObjectIdTime.EarliestAt(Now.AddMinutes(-5)), ct);
        Assert.Equal(["old", "in look-back"], set.Records.Select(r => r.Record.Message));
        Assert.Equal("\"recent\"", Assert.Single(set.TimedAbove).Key);

        var window = new TimedWindow(TimeSpan.FromMinutes(5), boundary.CreationTime, DateTime.MinValue, set.TimedAbove);
        var first = await source.PollTimedAsync("logs", "web1", window, 1, ct);
        Assert.Equal(new BsonInt32(1), Assert.Single(first.Records).Id);
        window.Add(first.Read, Now);
        var second = await source.PollTimedAsync("logs", "web1", window, 10, ct);
        Assert.Equal(["new two"], second.Records.Select(r => r.Record.Message));
        window.Add(second.Read, Now);
        Assert.Empty((await source.PollTimedAsync("logs", "web1", window, 10, ct)).Read);

        var (count, example) = await source.CountUnorderableAsync("logs", "web1", ct);
        Assert.Equal((1L, (BsonValue)"undated"), (count, example));
    }

    [Fact]
    public async Task BadDocumentsAreCountedSkippedAndPassed()
    {
        var (source, logs) = NewSource();
        var bad = new List<BsonDocument>
        {
            new() { ["_id"] = ObjectId.GenerateNewId(), ["Hostname"] = "web1" },
            new() { ["_id"] = ObjectId.GenerateNewId(), ["Hostname"] = "web1", ["Message"] = BsonNull.Value },
            new() { ["_id"] = ObjectId.GenerateNewId(), ["Hostname"] = "web1", ["Message"] = 42 },
            new() { ["_id"] = ObjectId.GenerateNewId(), ["Hostname"] = "web1", ["Message"] = new string('x', 201) },
            new() { ["_id"] = ObjectId.GenerateNewId(), ["Hostname"] = "web1", ["Message"] = "ok", ["Level"] = 42 },
            new() { ["_id"] = ObjectId.GenerateNewId(), ["Hostname"] = "web1", ["Message"] = "good line" },
        };
        await logs.InsertManyAsync(bad, cancellationToken: TestContext.Current.CancellationToken);

        var window = new ReadingWindow(TimeSpan.FromMinutes(5), ObjectId.Empty, ObjectId.Empty, []);
        var batch = await source.PollAsync("logs", "web1", window, 100, TestContext.Current.CancellationToken);
        var later = DateTime.UtcNow.AddMinutes(1);
        var training = await TrainingHistory.ReadAsync(source,
            "logs", "web1", TimeSpan.FromDays(1), 100, later, ObjectIdTime.LatestAt(later), ObjectId.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("good line", Assert.Single(batch.Records).Record.Message);
        Assert.Equal(bad.Select(d => d["_id"].AsObjectId), batch.Read); // skipped ones are handled too
        var expected = new Dictionary<SkipReason, int>
        {
            [SkipReason.MissingMessage] = 2,
            [SkipReason.MessageNotText] = 1,
            [SkipReason.MessageTooLong] = 1,
            [SkipReason.LevelNotText] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), batch.Skipped.OrderBy(p => p.Key));
        Assert.Equal(expected.OrderBy(p => p.Key), training.Skipped.OrderBy(p => p.Key));
        Assert.Equal("good line", Assert.Single(training.Records).Record.Message);
    }

    private (MongoLogSource Source, IMongoCollection<BsonDocument> Logs) NewSource(MongoDocumentShape? shape = null)
    {
        var database = server.Client.GetDatabase(MongoServerFixture.NewDatabaseName("source"));
        return (new MongoLogSource(database, shape ?? Shape), database.GetCollection<BsonDocument>("logs"));
    }

    private static BsonDocument Log(DateTime created, string host, string message, string? level = null, DateTime? ts = null)
    {
        var document = new BsonDocument
        {
            ["_id"] = ObjectId.GenerateNewId(created),
            ["Hostname"] = host,
            ["Message"] = message,
        };
        if (level is not null)
        {
            document["Level"] = level;
        }

        if (ts is not null)
        {
            document["ts"] = ts.Value;
        }

        return document;
    }
}
