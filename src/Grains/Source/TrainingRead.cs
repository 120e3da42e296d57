using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>A host's training history, oldest first.</summary>
/// <param name="Records">The usable records, oldest first.</param>
/// <param name="IdsAbove">The ids read (usable or not) above the window floor the read was given: the first poll
/// counts them as handled.</param>
/// <param name="TimedAbove">Documents read whose <c>_id</c> is not an ObjectId, by id text and time, dated after the
/// window floor's time: the first poll of such documents counts them as handled.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
public sealed record TrainingSet(
    IReadOnlyList<SourcedRecord> Records,
    IReadOnlyList<ObjectId> IdsAbove,
    IReadOnlyList<KeyValuePair<string, DateTime>> TimedAbove,
    IReadOnlyDictionary<SkipReason, int> Skipped);
