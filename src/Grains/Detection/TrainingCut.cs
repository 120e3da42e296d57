using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>
/// Where a host's training stops reading: its <see cref="Boundary"/> (no id above it is trained on; polling scores
/// those), the time it trains as of, and the floor above which what it reads counts as handled for the first poll's
/// look-back. The boundary is kept in the host's progress before the training reads anything, so a training cut short
/// (a kill, a MongoDB outage) is redone to the same boundary and the lines that arrived meanwhile are scored, never
/// trained on.
/// </summary>
/// <param name="Boundary">No id above it is read for training.</param>
/// <param name="AsOf">The time the training reads back from (its history's span ends here).</param>
/// <param name="WindowFloor">Ids the training reads above it count as scored; the boundary itself for a retrain.</param>
/// <param name="Reused">Whether the boundary was the one already kept for this version (a training redone).</param>
internal readonly record struct TrainingCut(ObjectId Boundary, DateTime AsOf, ObjectId WindowFloor, bool Reused)
{
    /// <summary>
    /// The cut of the training that makes model version <paramref name="version"/>: the one <paramref name="progress"/>
    /// keeps for that version, else a new one at <paramref name="now"/>, written into <paramref name="progress"/> (which
    /// the caller then stores). A first training stops at the start of the current second, since lines of that second
    /// may still be on their way and are scored instead; a retrain runs beside polling, which scores every line anyway,
    /// so it reads all of that second already stored. Only a first training hands over what it read in the look-back
    /// behind its boundary.
    /// </summary>
    public static TrainingCut For(ProgressState progress, int version, DateTime now, TimeSpan lookback)
    {
        var first = progress.Checkpoint.Length == 0;
        if (progress.BoundaryForVersion == version && ObjectId.TryParse(progress.TrainingBoundary, out var kept))
        {
            var asOf = kept.CreationTime;
            return new TrainingCut(kept, asOf, first ? ObjectIdTime.EarliestAt(asOf - lookback) : kept, Reused: true);
        }

        var boundary = first ? ObjectIdTime.EarliestAt(now) : ObjectIdTime.LatestAt(now);
        progress.TrainingBoundary = boundary.ToString();
        progress.BoundaryForVersion = version;
        return new TrainingCut(boundary, now, first ? ObjectIdTime.EarliestAt(now - lookback) : boundary, Reused: false);
    }
}
