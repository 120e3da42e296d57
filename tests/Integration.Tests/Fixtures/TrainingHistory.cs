using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Integration.Tests.Fixtures;

/// <summary>What a source's training read found, its usable records collected oldest first.</summary>
internal sealed record TrainingHistory(
    List<SourcedRecord> Records,
    IReadOnlyList<ObjectId> IdsAbove,
    IReadOnlyList<KeyValuePair<string, DateTime>> TimedAbove,
    IReadOnlyDictionary<SkipReason, int> Skipped)
{
    /// <summary>Reads as <see cref="ILogSource.ReadTrainingSetAsync"/> does, keeping the records it hands over (newest
    /// first) and returning them oldest first.</summary>
    public static async Task<TrainingHistory> ReadAsync(
        ILogSource source, string collection, string hostname, TimeSpan span, int maxEntries, DateTime now, ObjectId boundary,
        ObjectId windowFloor, CancellationToken cancellationToken)
    {
        var records = new List<SourcedRecord>();
        var read = await source.ReadTrainingSetAsync(collection, hostname, span, maxEntries, now, boundary, windowFloor, records.Add, cancellationToken);
        records.Reverse();
        return new TrainingHistory(records, read.IdsAbove, read.TimedAbove, read.Skipped);
    }
}
