using Lad.Grains.Source;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Lad.Grains.Polling;

/// <summary>Turns documents a shared poll handed to a host into the batch its own poll would have read: those its
/// reading window has not handled, once each, in ascending <c>_id</c> order.</summary>
internal static class HandedDocuments
{
    /// <summary>The unhandled documents of <paramref name="documents"/> as one batch.</summary>
    /// <param name="documents">BSON documents (ObjectId ids), possibly repeated across handovers.</param>
    /// <param name="window">The host's reading window.</param>
    /// <param name="reader">Reads a document into a record.</param>
    public static PollBatch Unhandled(IEnumerable<byte[]> documents, ReadingWindow window, LogDocumentReader reader)
    {
        var fresh = new SortedDictionary<ObjectId, BsonDocument>();
        foreach (var bytes in documents)
        {
            var document = BsonSerializer.Deserialize<BsonDocument>(bytes);
            if (document.GetValue("_id", BsonNull.Value) is { IsObjectId: true } id && !window.Handled(id.AsObjectId))
            {
                fresh.TryAdd(id.AsObjectId, document);
            }
        }

        var records = new List<PolledRecord>(fresh.Count);
        var skipped = new Dictionary<SkipReason, int>();
        foreach (var document in fresh.Values)
        {
            var reason = reader.TryRead(document, out var id, out var time, out var record);
            if (reason is null)
            {
                records.Add(new PolledRecord(id, record!, document, time));
            }
            else
            {
                skipped[reason.Value] = skipped.GetValueOrDefault(reason.Value) + 1;
            }
        }

        return new PollBatch(records, [.. fresh.Keys], skipped);
    }
}
