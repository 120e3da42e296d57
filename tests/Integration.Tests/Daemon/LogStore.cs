using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Writes synthetic per-host logs into the input database and reads anomalies back.</summary>
internal sealed class LogStore(IMongoDatabase input, IMongoDatabase target)
{
    // Each host has its own vocabulary, so a line normal for one host is foreign to every other.
    private static readonly Dictionary<string, string[]> Patterns = new()
    {
        ["cumulus"] = ["Interface swp{0} link up speed 10000", "BGP neighbor 10.0.0.{0} session established", "LLDP neighbor on swp{0} refreshed"],
        ["EXOS-VM"] = ["Port {0} link state changed to active", "VLAN vlan{0} tagged port added", "STP domain s{0} topology unchanged"],
        ["172.17.18.178"] = ["ntpd synchronised to server 192.168.1.{0} stratum 2", "sshd accepted publickey for admin from 10.1.1.{0}", "cron job backup{0} finished"],
        ["dataform"] = ["GET /api/forms/{0} 200 12ms", "POST /api/forms/{0}/submit 201 40ms", "cache hit for form {0}"],
    };

    public static string Normal(string host, int i) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Patterns[host][i % 3], i % 50);

    public static string Foreign(int i) => $"kernel panic: fatal exception in interrupt handler irq {i} segfault at 0x{i:x8} core dumped";

    public async Task<List<ObjectId>> InsertAsync(string collection, IEnumerable<BsonDocument> documents)
    {
        var list = documents.ToList();
        // A document may bring its own _id (made earlier by a buffering writer, or by a writer with another clock).
        foreach (var document in list.Where(d => !d.Contains("_id")))
        {
            document["_id"] = ObjectId.GenerateNewId();
        }

        // Separate small inserts keep jongodb fast.
        foreach (var chunk in list.Chunk(200))
        {
            await input.GetCollection<BsonDocument>(collection).InsertManyAsync(chunk, cancellationToken: TestContext.Current.CancellationToken);
        }

        return list.Select(d => d["_id"].AsObjectId).ToList();
    }

    // History is written a minute back, as a host's history is older than its detector: a first training stops at the
    // start of the second it begins in, so history written in that very second would not be trained on.
    public Task<List<ObjectId>> InsertHistoryAsync(string collection, string host, int count)
    {
        var writtenAt = DateTime.UtcNow.AddMinutes(-1);
        return InsertAsync(collection, Enumerable.Range(0, count).Select(i =>
        {
            var document = Document(host, Normal(host, i));
            document["_id"] = ObjectId.GenerateNewId(writtenAt);
            return document;
        }));
    }

    public static BsonDocument Document(string host, string message) => new() { ["Hostname"] = host, ["Message"] = message };

    public async Task<List<BsonDocument>> AnomaliesAsync(string targetCollection) =>
        await target.GetCollection<BsonDocument>(targetCollection).Find(FilterDefinition<BsonDocument>.Empty)
            .ToListAsync(TestContext.Current.CancellationToken);
}
