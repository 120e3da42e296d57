using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>One read of a host's change stream: the documents inserted since its position, and where to resume after
/// them.</summary>
/// <param name="Records">The usable records, in commit order.</param>
/// <param name="Read">Every inserted document read, usable or not: its <c>_id</c> and time.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
/// <param name="ResumeToken">Where the stream resumes after this batch; stored only once its anomalies are written.</param>
public sealed record StreamBatch(
    IReadOnlyList<PolledRecord> Records,
    IReadOnlyList<(BsonValue Id, DateTime Time)> Read,
    IReadOnlyDictionary<SkipReason, int> Skipped,
    BsonDocument ResumeToken);
