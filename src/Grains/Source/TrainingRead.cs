using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>What reading a host's training history found besides its usable records, which are handed over one by one
/// as they are read (so the history need not be held in memory).</summary>
/// <param name="IdsAbove">The ids read (usable or not) above the window floor the read was given: the first poll
/// counts them as handled.</param>
/// <param name="TimedAbove">Documents read whose <c>_id</c> is not an ObjectId, by id text and time, dated after the
/// window floor's time: the first poll of such documents counts them as handled.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
public sealed record TrainingRead(
    IReadOnlyList<ObjectId> IdsAbove,
    IReadOnlyList<KeyValuePair<string, DateTime>> TimedAbove,
    IReadOnlyDictionary<SkipReason, int> Skipped);
