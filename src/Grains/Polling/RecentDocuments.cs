using MongoDB.Bson;

namespace Lad.Grains.Polling;

/// <summary>The new documents one recent scan read whole, sorted out for the hosts that watch the poll.</summary>
/// <param name="Ids">Every document's id, ascending, whatever its host: all are recorded as told once the hosts took
/// their handovers, so none is read again.</param>
/// <param name="ByHost">Each watched host's documents (BSON, ascending <c>_id</c>); hosts with none are absent.</param>
internal sealed record RecentDocuments(IReadOnlyList<ObjectId> Ids, IReadOnlyDictionary<string, List<byte[]>> ByHost)
{
    /// <summary>Sorts <paramref name="documents"/> (ascending <c>_id</c>) by their host.</summary>
    /// <param name="documents">The documents read, ObjectId ids only.</param>
    /// <param name="hostnameField">The field naming a document's host (<c>MG_HOSTNAME_FIELD</c>).</param>
    /// <param name="watched">The hosts told; a document of another host, or naming none as text, goes to nobody.</param>
    public static RecentDocuments From(IEnumerable<BsonDocument> documents, string hostnameField, IReadOnlySet<string> watched)
    {
        var ids = new List<ObjectId>();
        var byHost = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            ids.Add(document["_id"].AsObjectId);
            if (document.GetValue(hostnameField, BsonNull.Value) is not { IsString: true } host || !watched.Contains(host.AsString))
            {
                continue;
            }

            if (!byHost.TryGetValue(host.AsString, out var handed))
            {
                byHost[host.AsString] = handed = [];
            }

            handed.Add(document.ToBson());
        }

        return new RecentDocuments(ids, byHost);
    }
}
