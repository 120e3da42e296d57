using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>A host's training history, oldest first.</summary>
/// <param name="Records">The usable records, oldest first.</param>
/// <param name="NewestId">The newest document read (usable or not); polling continues after it. Null when none.</param>
/// <param name="Skipped">How many documents were skipped, per reason (reasons with none are absent).</param>
public sealed record TrainingSet(
    IReadOnlyList<SourcedRecord> Records, ObjectId? NewestId, IReadOnlyDictionary<SkipReason, int> Skipped);
