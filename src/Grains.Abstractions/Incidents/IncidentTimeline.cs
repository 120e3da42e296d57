namespace Lad.Grains.Abstractions.Incidents;

/// <summary>How many incidents opened in each bucket of a time range, oldest bucket first.</summary>
/// <param name="From">Where the first bucket starts (UTC).</param>
/// <param name="To">Where the range ends (UTC); the last bucket may end after it.</param>
/// <param name="BucketSeconds">The width of a bucket.</param>
/// <param name="Counts">Incidents opened (first line) in each bucket.</param>
/// <param name="Capped">More incidents opened in the range than a timeline reads: the counts are of the latest ones.</param>
[GenerateSerializer, Immutable]
public sealed record IncidentTimeline(DateTime From, DateTime To, double BucketSeconds, IReadOnlyList<int> Counts, bool Capped);
