namespace Lad.Grains.Source;

/// <summary>Tells when a host's training history looks bulk-imported: without <c>MG_TIME_FIELD</c> a line's time is its
/// ObjectId's, which an import stamps with the moment of the import, so the whole history seems to have happened at once
/// and training and polling see it as "now".</summary>
internal static class BulkImportCheck
{
    /// <summary>Fewer lines than this can honestly arrive within minutes; the check says nothing about them.</summary>
    public const int MinLines = 1000;

    /// <summary>Ids created within this span of each other count as one burst.</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromMinutes(5);

    /// <summary>The warning to log, or null when the history does not look imported.</summary>
    /// <param name="idTimes">The spread of the creation times of the history's ObjectIds.</param>
    /// <param name="timeFieldSet">Whether <c>MG_TIME_FIELD</c> is set (then the ids' times do not matter).</param>
    /// <param name="trainTimeSpan">The window training read (<c>TRAIN_TIME_SPAN</c>); a window of minutes is all a burst.</param>
    public static string? Warning(IdTimeSpread idTimes, bool timeFieldSet, TimeSpan trainTimeSpan)
    {
        if (timeFieldSet || idTimes.Count < MinLines || trainTimeSpan <= Burst)
        {
            return null;
        }

        var (first, last) = (idTimes.First, idTimes.Last);
        var spread = last - first;
        return spread > Burst
            ? null
            : $"all {idTimes.Count} lines of the training history have ObjectId times within {spread.TotalSeconds:0} s "
              + $"({first:u} to {last:u}): this looks like a bulk import, whose ids carry the import's time, not the lines'; "
              + "set MG_TIME_FIELD to the documents' date field (the fork's DATETIME_INDEX) so training and polling use the lines' own times";
    }
}
