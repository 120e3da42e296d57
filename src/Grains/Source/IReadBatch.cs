namespace Lad.Grains.Source;

/// <summary>What one read of a host's new documents gives, whichever way they were placed (id order, time).</summary>
public interface IReadBatch
{
    /// <summary>The usable records, in the order read.</summary>
    IReadOnlyList<PolledRecord> Records { get; }

    /// <summary>How many documents were skipped, per reason (reasons with none are absent).</summary>
    IReadOnlyDictionary<SkipReason, int> Skipped { get; }

    /// <summary>How many documents this read handles, usable or not; as many as the batch size when more may wait.</summary>
    int Handled { get; }
}
