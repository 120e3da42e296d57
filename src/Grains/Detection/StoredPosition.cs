using Lad.Grains.Source;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>
/// How a host's reading position is kept in its stored progress: the id window (<see cref="ReadingWindow"/>) as a
/// checkpoint, a floor and the packed ids above it, and the window of documents without ObjectId ids
/// (<see cref="TimedWindow"/>) as a newest time, a floor and the ids above it. Where the progress holds no position
/// yet, reading starts at the model's training boundary.
/// </summary>
internal static class StoredPosition
{
    /// <summary>
    /// Where reading starts when the progress cannot say: the model's training boundary, else (a model stored without
    /// one) the look-back behind <paramref name="now"/>.
    /// </summary>
    public static ObjectId TrainingBoundary(ModelState model, DateTime now, TimeSpan lookback) =>
        TrainedThrough(model) ?? ObjectIdTime.EarliestAt(now - lookback);

    /// <summary>
    /// The id window <paramref name="progress"/> keeps; null when what it keeps cannot be read (a checkpoint, floor or
    /// id list that does not parse). Progress with no checkpoint yet (stored by an older version before its first
    /// batch) starts at <paramref name="trainingBoundary"/>; progress stored before the window existed has no floor, so
    /// nothing behind its checkpoint is read again.
    /// </summary>
    public static ReadingWindow? IdWindow(ProgressState progress, ObjectId trainingBoundary, TimeSpan lookback)
    {
        if (progress.Checkpoint.Length == 0)
        {
            return Start(trainingBoundary, lookback);
        }

        var ids = PackedObjectIds.Unpack(progress.WindowIds);
        if (!ObjectId.TryParse(progress.Checkpoint, out var newest)
            || (progress.WindowFloor.Length > 0 && !ObjectId.TryParse(progress.WindowFloor, out _))
            || ids is null)
        {
            return null;
        }

        var floor = progress.WindowFloor.Length > 0 ? ObjectId.Parse(progress.WindowFloor) : newest;
        return new ReadingWindow(lookback, newest, floor, ids);
    }

    /// <summary>An id window at <paramref name="trainingBoundary"/> with nothing scored above it: where a host whose stored position is lost or absent resumes.</summary>
    public static ReadingWindow Start(ObjectId trainingBoundary, TimeSpan lookback) =>
        new(lookback, trainingBoundary, trainingBoundary, []);

    /// <summary>
    /// The window of documents without ObjectId ids that <paramref name="progress"/> keeps; progress stored before such
    /// reading started begins at the model's training boundary (<paramref name="model"/>), else the look-back behind
    /// <paramref name="now"/>, with nothing behind it read.
    /// </summary>
    public static TimedWindow TimedWindow(ProgressState progress, ModelState model, DateTime now, TimeSpan lookback)
    {
        if (progress.TimedNewest is { } newest)
        {
            return new TimedWindow(lookback, newest, progress.TimedFloor, progress.TimedIds);
        }

        var start = TrainedThrough(model)?.CreationTime ?? now - lookback;
        return new TimedWindow(lookback, start, DateTime.MinValue, []);
    }

    // The model's training boundary; null for a model stored without one.
    private static ObjectId? TrainedThrough(ModelState model) =>
        ObjectId.TryParse(model.TrainedThrough, out var boundary) ? boundary : null;

    /// <summary>Writes <paramref name="window"/> into <paramref name="progress"/> (stored with the batch's counts).</summary>
    public static void Keep(ProgressState progress, ReadingWindow window)
    {
        progress.Checkpoint = window.Newest.ToString();
        progress.WindowFloor = window.Floor.ToString();
        progress.WindowIds = PackedObjectIds.Pack(window.Scored);
    }

    /// <summary>Writes <paramref name="window"/> into <paramref name="progress"/> (stored with the batch's counts).</summary>
    public static void Keep(ProgressState progress, TimedWindow window)
    {
        progress.TimedNewest = window.Newest;
        progress.TimedFloor = window.Floor;
        progress.TimedIds = new Dictionary<string, DateTime>(window.Scored, StringComparer.Ordinal);
    }
}
