using Lad.Engine.Source.Synthetic;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Silo.Demo;

/// <summary><c>lad demo</c>'s synthetic log (3 hosts, 2,000 lines each, anomalies injected into the second half) as
/// documents of one input collection: each host's first half is written as history before the silo starts, the second
/// half once the hosts have trained, so the silo scores it as arriving lines.</summary>
internal sealed class DemoLog
{
    /// <summary>The input collection (the demo's one source).</summary>
    public const string Collection = "demo_syslog";

    /// <summary>Where its anomalies are written.</summary>
    public const string TargetCollection = "demo_anomalies";

    private const double HistoryShare = 0.5;
    private readonly List<SyntheticLine> _history;
    private readonly List<SyntheticLine> _arriving;

    private DemoLog(List<SyntheticLine> history, List<SyntheticLine> arriving, IReadOnlyList<string> hosts)
    {
        _history = history;
        _arriving = arriving;
        Hosts = hosts;
    }

    /// <summary>The demo's hosts, in name order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>How many lines arrive after training.</summary>
    public int ArrivingCount => _arriving.Count;

    /// <summary>Generates the log with <c>lad demo</c>'s defaults.</summary>
    public static DemoLog Generate()
    {
        var options = new SyntheticLogOptions { Hosts = 3, LinesPerHost = 2000, Seed = 42, CleanFraction = HistoryShare, AnomaliesPerHost = 16 };
        var history = new List<SyntheticLine>();
        var arriving = new List<SyntheticLine>();
        foreach (var host in SyntheticLogGenerator.Generate(options).GroupBy(l => l.Host))
        {
            var lines = host.ToList();
            var historyCount = (int)Math.Ceiling(lines.Count * HistoryShare);
            history.AddRange(lines.Take(historyCount));
            arriving.AddRange(lines.Skip(historyCount));
        }

        return new DemoLog(
            [.. history.OrderBy(l => l.Timestamp)],
            [.. arriving.OrderBy(l => l.Timestamp)],
            [.. history.Select(l => l.Host).Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>Writes the history, its times moved so that it ends a minute ago (training reads the recent past).</summary>
    public Task WriteHistoryAsync(IMongoCollection<BsonDocument> input, CancellationToken cancellationToken)
    {
        var shift = DateTime.UtcNow.AddMinutes(-1) - _history[^1].Timestamp.UtcDateTime;
        return input.InsertManyAsync(_history.Select(l => Document(l, l.Timestamp.UtcDateTime + shift)), cancellationToken: cancellationToken);
    }

    /// <summary>Writes the arriving lines, stamped now.</summary>
    public Task WriteArrivingAsync(IMongoCollection<BsonDocument> input, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        return input.InsertManyAsync(_arriving.Select(l => Document(l, now)), cancellationToken: cancellationToken);
    }

    // The fields LAD reads by default (MG_HOSTNAME_FIELD, MG_MESSAGE_FIELD) and a level; the _id's time is the line's.
    private static BsonDocument Document(SyntheticLine line, DateTime at)
    {
        var record = line.ToRecord();
        return new BsonDocument
        {
            ["_id"] = ObjectId.GenerateNewId(at),
            ["Hostname"] = line.Host,
            ["Message"] = record.Message,
            ["Level"] = line.Level is null ? BsonNull.Value : line.Level,
        };
    }
}
