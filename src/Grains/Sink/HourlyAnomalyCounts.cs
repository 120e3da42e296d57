using System.Globalization;
using Lad.Grains.Mongo;
using Lad.Grains.Retention;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Sink;

/// <summary>How many anomalies each host had in each hour, kept in <c>MG_TARGET_DB.lad_anomaly_hours</c> so that the
/// console's 24 h charts read a few small documents instead of every anomaly of the day.</summary>
/// <remarks>One document per source, host and UTC day holds a count per hour (<c>counts.HH</c>). A count is never
/// incremented: after each write it is set to the number of anomaly documents the host has in that hour, counted in the
/// target collection. So a batch replayed after a crash or timeout counts nothing twice, a crash between the anomalies'
/// write and the count's is mended by the replay (it counts the same hours again), and an anomaly a replay moves to a
/// later hour (its <c>detected_at</c> is the new verdict's) leaves its old hour too, since the writer counts the hours
/// the replaced documents were in. The counts are as exact as the documents: the one writer of a host is its detector.</remarks>
public sealed class HourlyAnomalyCounts
{
    /// <summary>The collection of counts.</summary>
    public const string CollectionName = "lad_anomaly_hours";

    private const string Lad = AnomalyDocument.LadField;
    private readonly IMongoDatabase _database;
    private readonly IMongoCollection<BsonDocument> _counts;
    private readonly TimeSpan? _retention;
    private readonly SetupOnce _indexes;

    /// <summary>Creates the counts over <paramref name="targetDatabase"/> (<c>MG_TARGET_DB</c>).</summary>
    /// <param name="targetDatabase">The target database, which holds the anomaly collections too.</param>
    /// <param name="retention">How long anomalies are kept (<c>RETENTION_DAYS</c>); a day's counts are kept that long
    /// after the day ends. Null keeps them forever.</param>
    public HourlyAnomalyCounts(IMongoDatabase targetDatabase, TimeSpan? retention)
    {
        _database = targetDatabase;
        _counts = targetDatabase.GetCollection<BsonDocument>(CollectionName);
        _retention = retention;
        _indexes = new SetupOnce(CreateIndexesAsync);
    }

    /// <summary>The start of the UTC hour <paramref name="time"/> is in.</summary>
    public static DateTime HourOf(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
    }

    /// <summary>Creates the indexes and the retention expiry: once per instance, later calls wait for that; a failed
    /// attempt (MongoDB unreachable) is made again by the next call.</summary>
    public Task EnsureIndexesAsync() => _indexes.RunAsync();

    /// <summary>Sets the count of each of <paramref name="hours"/> to the anomalies <paramref name="targetCollection"/>
    /// holds for that host and hour.</summary>
    /// <param name="targetCollection">The anomaly collection the source writes to.</param>
    /// <param name="source">The source (input collection) of the hosts.</param>
    /// <param name="hours">Hosts and the hours to count again (any time within the hour will do).</param>
    /// <param name="cancellationToken">Cancels the reads and the write.</param>
    public async Task RecountAsync(
        string targetCollection, string source, IEnumerable<(string Host, DateTime Hour)> hours, CancellationToken cancellationToken)
    {
        var wanted = hours.Select(h => (h.Host, Hour: HourOf(h.Hour))).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        await EnsureIndexesAsync();
        var anomalies = _database.GetCollection<BsonDocument>(targetCollection);
        var filters = Builders<BsonDocument>.Filter;
        var writes = new List<WriteModel<BsonDocument>>();
        foreach (var (host, hour) in wanted)
        {
            var count = await anomalies.CountDocumentsAsync(
                filters.Eq($"{Lad}.source_collection", source) & filters.Eq($"{Lad}.hostname", host)
                & filters.Gte($"{Lad}.detected_at", hour) & filters.Lt($"{Lad}.detected_at", hour.AddHours(1)),
                cancellationToken: cancellationToken);
            var day = hour.Date;
            writes.Add(new UpdateOneModel<BsonDocument>(
                filters.Eq("_id", IdOf(source, host, day)),
                Builders<BsonDocument>.Update
                    .Set($"counts.{HourKey(hour)}", count)
                    .SetOnInsert("source", source)
                    .SetOnInsert("host", host)
                    .SetOnInsert("day", new BsonDateTime(day)))
            { IsUpsert = true });
        }

        await _counts.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    /// <summary>Each host's anomalies per hour in the <paramref name="hours"/> hours from <paramref name="from"/>
    /// (the start of an hour), oldest first; hosts with none in the range are left out.</summary>
    /// <param name="from">Where the first hour starts (UTC, on the hour).</param>
    /// <param name="hours">How many hours.</param>
    /// <param name="source">Only this source's hosts, when given.</param>
    /// <param name="host">Only this host, when given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<Dictionary<(string Source, string Host), int[]>> ReadAsync(
        DateTime from, int hours, string? source, string? host, CancellationToken cancellationToken)
    {
        if (from != HourOf(from))
        {
            throw new ArgumentException($"{from:O} is not the start of an hour", nameof(from));
        }

        await EnsureIndexesAsync();
        var filters = Builders<BsonDocument>.Filter;
        var filter = filters.Gte("day", from.Date) & filters.Lte("day", from.AddHours(hours - 1).Date);
        if (source is not null)
        {
            filter &= filters.Eq("source", source);
        }

        if (host is not null)
        {
            filter &= filters.Eq("host", host);
        }

        var documents = await _counts.Find(filter).ToListAsync(cancellationToken);
        var counts = new Dictionary<(string Source, string Host), int[]>();
        foreach (var document in documents)
        {
            var day = document["day"].ToUniversalTime();
            foreach (var element in document.GetValue("counts", new BsonDocument()).AsBsonDocument)
            {
                var index = (int)(day.AddHours(int.Parse(element.Name, NumberStyles.None, CultureInfo.InvariantCulture)) - from).TotalHours;
                var count = element.Value.ToInt32();
                if (index >= 0 && index < hours && count > 0)
                {
                    var key = (document["source"].AsString, document["host"].AsString);
                    (counts.TryGetValue(key, out var row) ? row : counts[key] = new int[hours])[index] += count;
                }
            }
        }

        return counts;
    }

    private static string IdOf(string source, string host, DateTime day) =>
        $"{source}\u001f{host}\u001f{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static string HourKey(DateTime hour) => hour.Hour.ToString("00", CultureInfo.InvariantCulture);

    private async Task CreateIndexesAsync()
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        await _counts.Indexes.CreateManyAsync(
        [
            // The overview: every host over the last day or two.
            new CreateIndexModel<BsonDocument>(keys.Ascending("day"), new CreateIndexOptions { Name = "day" }),
            // A host's page.
            new CreateIndexModel<BsonDocument>(keys.Ascending("source").Ascending("host").Ascending("day"), new CreateIndexOptions { Name = "source_host_day" }),
        ]);
        // A day's last hour is kept as long as its anomalies are.
        await TtlIndex.EnsureAsync(_counts, "day", _retention + TimeSpan.FromDays(1), CancellationToken.None);
    }
}
