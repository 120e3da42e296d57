using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Detection;
using Lad.Grains.Mongo;
using Lad.Grains.Source;
using Lad.Integration.Tests.Daemon;
using Lad.Integration.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Detection;

/// <summary>Training from the history spilled to a file gives what training from the history held in a list gave.</summary>
public class HostTrainerTests(MongoServerFixture server)
{
    private const string Collection = "trainer_logs";
    private const string Host = "web1";
    private static readonly DateTime Now = DateTime.UtcNow;

    // With a time field, one document's time is beyond DateTime's range, so it takes its id's time, days older than
    // the lines the store sorted after it: the history is then out of time order, and the volume profile sorts it.
    [Theory]
    [InlineData("default", false)]
    [InlineData("lof", false)]
    [InlineData("default", true)]
    public async Task TheSpilledHistoryTrainsTheModelTheListTrained(string kind, bool timeField)
    {
        var ct = TestContext.Current.CancellationToken;
        var (inputDb, targetDb) = (MongoServerFixture.NewDatabaseName("trainer_in"), MongoServerFixture.NewDatabaseName("trainer_out"));
        var yaml = DaemonYaml.OneSource(server.ConnectionString, inputDb, targetDb, Collection, Host, "trainer_anomaly", @"SESSION_REGEX: 'req-\d+'")
            + $"\nTRAIN_TIME_SPAN: {TimeSpan.FromDays(5).TotalSeconds}\nVOLUME_INTERVAL: 600\nMODEL: \"{kind}\"\n"
            + (timeField ? "MG_TIME_FIELD: \"ts\"\n" : "");
        using var clients = new MongoClients();
        var services = new DetectorServices(LadConfigLoader.Load(yaml, new Dictionary<string, string>()), clients);
        var documents = History(3000, timeField);
        await server.Client.GetDatabase(inputDb).GetCollection<BsonDocument>(Collection).InsertManyAsync(documents, cancellationToken: ct);
        var host = new HostKey(Collection, Host);
        await services.Feedback.InsertAsync(Feedback(host, "1", "req-7 payment declined for order 12", FeedbackVerdict.FalsePositive, FeedbackScope.Line), ct);
        await services.Feedback.InsertAsync(Feedback(host, "2", "disk quota exceeded on volume 3", FeedbackVerdict.FalsePositive, FeedbackScope.Value), ct);
        await services.Feedback.InsertAsync(Feedback(host, "3", "kernel panic: fatal exception", FeedbackVerdict.TruePositive, FeedbackScope.Line), ct);
        var sessions = SessionKeyPattern.TryCreate(@"req-\d+", out var pattern, out _) ? pattern : null;
        var boundary = ObjectIdTime.LatestAt(Now);
        var floor = ObjectIdTime.EarliestAt(Now.AddHours(-2));
        using var gate = new TrainingGate(services.Config);

        var trained = await HostTrainer.TrainAsync(services, gate, host, sessions, Now, boundary, floor, NullLogger.Instance, ct);
        var expected = await ListTrainedAsync(services, host, sessions, boundary, floor, ct);

        Assert.Equal(3000, trained.Lines); // the host's 3000 documents less one without a message, and one false positive
        Assert.Equal(expected.Lines, trained.Lines);
        Assert.Equal(expected.Bytes, trained.Bytes);
        Assert.Equal(expected.Templates, trained.Templates);
        Assert.NotNull(trained.Volume);
        Assert.Equal(expected.Volume, trained.Volume);
        Assert.Equal(expected.IdsAbove, trained.IdsAbove);
        Assert.NotEmpty(trained.IdsAbove);
    }

    // What training did when the history was read into a list: the records oldest first, the false positives after
    // them, each keyed by session; templates mined from that list, rates from the records by the model's templates.
    private static async Task<(byte[] Bytes, int Lines, int Templates, byte[] Volume, IReadOnlyList<ObjectId> IdsAbove)> ListTrainedAsync(
        DetectorServices services, HostKey host, SessionKeyPattern? sessions, ObjectId boundary, ObjectId floor, CancellationToken ct)
    {
        var config = services.Config;
        var history = await TrainingHistory.ReadAsync(
            services.Source, host.Collection, host.Hostname, config.TrainTimeSpan, config.TrainMaxEntries, Now, boundary, floor, ct);
        var feedback = (await services.Feedback.FalsePositivesAsync(host, Now, ct)).Where(f => f.Scope != FeedbackScope.Value);
        var lines = history.Records.Select(r => r.Record)
            .Concat(feedback.Select(f => new LogRecord(f.Message, null, host.Hostname)))
            .Select(r => sessions?.Assign(r) ?? r)
            .ToList();
        var confirmed = (await services.Feedback.TruePositivesAsync(host, ct)).Select(f => new LogRecord(f.Message, null, host.Hostname)).ToList();
        var model = ModelCatalog.CreateTrainer(services.Options).Train(lines, confirmed, ct);
        using var buffer = new MemoryStream();
        ModelCatalog.Save(model, buffer);
        var miner = new TemplateMiner();
        lines.ForEach(l => miner.Learn(l.Message));
        var times = history.Records.Select(r => (r.Time, r.Record.Message)).ToList();
        var profile = model is ITemplateMatcher templates
            ? VolumeProfileTrainer.Train(times, new VolumeOptions(config.VolumeInterval), templates)
            : VolumeProfileTrainer.Train(times, new VolumeOptions(config.VolumeInterval));
        using var volume = new MemoryStream();
        profile.Save(volume);
        return (buffer.ToArray(), lines.Count, miner.TemplateCount, volume.ToArray(), history.IdsAbove);
    }

    // Four days of a host's requests, oldest first: sessions that open, work and close, some errors, a line of another
    // host and one document without a message (skipped); with a time field, each line's time is its id's but one's.
    private static List<BsonDocument> History(int count, bool timeField)
    {
        var start = Now.AddDays(-4);
        var step = (Now.AddMinutes(-1) - start) / count;
        var documents = new List<BsonDocument>();
        for (var i = 0; i < count; i++)
        {
            var session = i / 5;
            var message = (i % 5) switch
            {
                0 => $"req-{session} GET /api/items/{i % 97} from 10.0.{i % 7}.{i % 13}",
                1 => $"req-{session} cache {(i % 3 == 0 ? "miss" : "hit")} for item {i % 97}",
                2 => $"req-{session} query took {i % 50 + 3} ms",
                3 => i % 40 == 3 ? $"req-{session} upstream timeout after {i % 9 + 1} s" : $"req-{session} rendered {i % 31} rows",
                _ => $"req-{session} 200 OK in {i % 120 + 5} ms",
            };
            var document = new BsonDocument
            {
                ["_id"] = ObjectId.GenerateNewId(start + (step * i)),
                ["Hostname"] = Host,
                ["Message"] = message,
            };
            if (i % 40 == 3)
            {
                document["Level"] = "ERROR";
            }

            if (timeField)
            {
                document["ts"] = i == 50
                    ? new BsonDateTime(BsonConstants.DateTimeMaxValueMillisecondsSinceEpoch + 1000)
                    : new BsonDateTime(document["_id"].AsObjectId.CreationTime);
            }

            documents.Add(document);
        }

        documents[100].Remove("Message");
        documents.Add(new BsonDocument { ["_id"] = ObjectId.GenerateNewId(Now.AddHours(-1)), ["Hostname"] = "other", ["Message"] = "another host's line" });
        return documents;
    }

    private static FeedbackRecord Feedback(HostKey host, string id, string message, FeedbackVerdict verdict, FeedbackScope scope) =>
        new(id, host, message, null, verdict, scope, "tester", Now.AddMinutes(-5), null, null);
}
