using Lad.Grains.Abstractions.Incidents;
using Lad.Grains.Sink;
using Lad.Grains.Source;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Incidents;

/// <summary>Reads the lines a host wrote around an incident's sample lines, from the source collection.</summary>
/// <param name="inputDatabase">The input database (<c>MG_INPUT_DB</c>).</param>
/// <param name="targetDatabase">The target database, holding the anomaly documents that name each sample's source document.</param>
/// <param name="shape">Where documents keep their message and host.</param>
public sealed class IncidentContextReader(IMongoDatabase inputDatabase, IMongoDatabase targetDatabase, MongoDocumentShape shape)
{
    /// <summary>The samples with up to <paramref name="context"/> lines of the same host before and after each, in
    /// <c>_id</c> order (the order polling reads). A sample whose anomaly or source document is gone keeps no context.</summary>
    /// <param name="sourceCollection">The input collection.</param>
    /// <param name="targetCollection">The source's anomaly collection.</param>
    /// <param name="samples">The incident's samples.</param>
    /// <param name="context">Lines each side.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<List<IncidentSampleLine>> ReadAsync(
        string sourceCollection, string targetCollection, IEnumerable<IncidentSampleLine> samples, int context, CancellationToken cancellationToken)
    {
        var input = inputDatabase.GetCollection<BsonDocument>(sourceCollection);
        var anomalies = targetDatabase.GetCollection<BsonDocument>(targetCollection);
        var filters = Builders<BsonDocument>.Filter;
        var result = new List<IncidentSampleLine>();
        foreach (var sample in samples)
        {
            var anomaly = await anomalies.Find(filters.Eq("_id", sample.AnomalyId))
                .Project(Builders<BsonDocument>.Projection.Include($"{AnomalyDocument.LadField}.source_id"))
                .FirstOrDefaultAsync(cancellationToken);
            if (context == 0 || anomaly?[AnomalyDocument.LadField]["source_id"] is not { IsObjectId: true } sourceId)
            {
                result.Add(sample);
                continue;
            }

            var host = filters.Eq(shape.HostnameField, sample.Host);
            var before = await input.Find(host & filters.Lt("_id", sourceId)).Sort(Builders<BsonDocument>.Sort.Descending("_id"))
                .Limit(context).ToListAsync(cancellationToken);
            var after = await input.Find(host & filters.Gt("_id", sourceId)).Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
                .Limit(context).ToListAsync(cancellationToken);
            result.Add(sample with { Before = [.. before.AsEnumerable().Reverse().Select(Message)], After = [.. after.Select(Message)] });
        }

        return result;
    }

    private string Message(BsonDocument document) =>
        document.TryGetValue(shape.MessageField, out var message) && message.IsString ? message.AsString : document.ToString();
}
