namespace Lad.Grains.Source;

/// <summary>One poll's worth of a host's documents without an ObjectId <c>_id</c> that it has not handled yet.</summary>
/// <param name="Records">The usable records, oldest first.</param>
/// <param name="Read">Every document this poll handles, usable or not, by id text (<see cref="SourceIds.Text"/>) and
/// time; as many as the batch size when more may be waiting.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
public sealed record TimedBatch(
    IReadOnlyList<PolledRecord> Records, IReadOnlyList<KeyValuePair<string, DateTime>> Read, IReadOnlyDictionary<SkipReason, int> Skipped)
    : IReadBatch
{
    /// <inheritdoc />
    public int Handled => Read.Count;
}
