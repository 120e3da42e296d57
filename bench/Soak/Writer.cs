using Lad.Bench.Shared;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Soak;

/// <summary>A log shipper with its own clock and buffer: it makes each document's ObjectId on its clock when the line
/// happens, and commits the line only after holding it for its buffer time, so ids reach MongoDB out of order.</summary>
internal sealed class Writer(
    IMongoCollection<BsonDocument> logs, IReadOnlyList<string> hosts, TimeSpan clockOffset, TimeSpan buffer,
    int rate, Random random)
{
    private readonly List<(BsonDocument Document, DateTime Made)> _held = [];

    public TimeSpan ClockOffset => clockOffset;

    public TimeSpan Buffer => buffer;

    public List<ObjectId> Inserted { get; } = [];

    public List<ObjectId> Planted { get; } = [];

    /// <summary>When each planted line was committed (UTC, this process's clock), for its insert-to-anomaly time.</summary>
    public Dictionary<ObjectId, DateTime> PlantedCommitted { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        var pause = TimeSpan.FromSeconds(1.0 / rate);
        while (!stop.IsCancellationRequested)
        {
            var host = hosts[random.Next(hosts.Count)];
            var planted = random.NextDouble() < 0.02;
            var document = SyntheticLines.Document(host, planted ? SyntheticLines.Foreign(random.Next()) : SyntheticLines.Normal(host, random.Next()));
            document["_id"] = ObjectId.GenerateNewId(DateTime.UtcNow + clockOffset);
            if (planted)
            {
                Planted.Add(document["_id"].AsObjectId);
            }

            _held.Add((document, DateTime.UtcNow));
            await FlushAsync(DateTime.UtcNow - buffer);
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await FlushAsync(DateTime.MaxValue);
    }

    private async Task FlushAsync(DateTime madeBefore)
    {
        var due = _held.Where(h => h.Made <= madeBefore).Select(h => h.Document).ToList();
        if (due.Count == 0)
        {
            return;
        }

        await logs.InsertManyAsync(due);
        var committed = DateTime.UtcNow;
        _held.RemoveAll(h => h.Made <= madeBefore);
        Inserted.AddRange(due.Select(d => d["_id"].AsObjectId));
        foreach (var id in due.Select(d => d["_id"].AsObjectId).Where(Planted.Contains))
        {
            PlantedCommitted[id] = committed;
        }
    }
}
