using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>Where a host's change stream resumes: after the resume token of the last batch it wrote, or, before it
/// has one, at the cluster time it was opened at.</summary>
/// <param name="ResumeToken">The token stored after the last batch's anomalies were written; null before the first.</param>
/// <param name="StartAt">The cluster time the stream was first opened at, used while there is no token.</param>
public sealed record StreamPosition(BsonDocument? ResumeToken, BsonTimestamp StartAt);
