using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>One poll's worth of new documents for a host.</summary>
/// <param name="Records">The usable records, in ascending <c>_id</c> order.</param>
/// <param name="Checkpoint">The <c>_id</c> to poll after next time: the last document read, skipped or not,
/// or the previous checkpoint when nothing was read.</param>
/// <param name="DocumentsRead">Documents read, usable or not; equal to the batch size when more may be waiting.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
public sealed record PollBatch(
    IReadOnlyList<PolledRecord> Records, ObjectId Checkpoint, int DocumentsRead, IReadOnlyDictionary<SkipReason, int> Skipped);
