using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>One poll's worth of documents a host has not handled yet.</summary>
/// <param name="Records">The usable records, in ascending <c>_id</c> order.</param>
/// <param name="Read">Every id this poll handles, usable or not, ascending; as many as the batch size when more may
/// be waiting.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
public sealed record PollBatch(
    IReadOnlyList<PolledRecord> Records, IReadOnlyList<ObjectId> Read, IReadOnlyDictionary<SkipReason, int> Skipped) : IReadBatch
{
    /// <inheritdoc />
    public int Handled => Read.Count;
}
