using MongoDB.Bson;

namespace Lad.Grains.Source;

/// <summary>Where a host's log lines are read from: its training history up to a boundary, then what a reading
/// position has not handled yet. Lines are placed either by an ObjectId id (<see cref="PollAsync"/>) or by their time
/// (<see cref="PollTimedAsync"/>); a store that has no ObjectIds (a MySQL table) places every line by time.</summary>
/// <remarks>Bad lines are counted per <see cref="SkipReason"/> and skipped, never thrown on; they count as handled, so
/// one bad line cannot stall a host. A failure to reach the store throws, and the host retries from its checkpoint.</remarks>
public interface ILogSource
{
    /// <summary>Reads the host's lines of the last <paramref name="span"/> before <paramref name="boundary"/>: the newest
    /// <paramref name="maxEntries"/> of them, each usable one handed to <paramref name="record"/> as it is read, newest
    /// first (the order the store finds the newest in; the reader reverses them if it needs them oldest first).</summary>
    /// <param name="collection">The input collection or table.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="span">How far back from <paramref name="now"/> to read (<c>TRAIN_TIME_SPAN</c>).</param>
    /// <param name="maxEntries">Most lines to read (<c>TRAIN_MAX_ENTRIES</c>).</param>
    /// <param name="now">The reference time (UTC).</param>
    /// <param name="boundary">The training boundary: ids at or below it, and lines placed by time dated before its
    /// second, are history; polling scores the rest.</param>
    /// <param name="windowFloor">What is read above it is returned (<see cref="TrainingRead.IdsAbove"/>,
    /// <see cref="TrainingRead.TimedAbove"/>), so the first poll's look-back does not score what training read.</param>
    /// <param name="record">Takes each usable record, newest first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<TrainingRead> ReadTrainingSetAsync(
        string collection, string hostname, TimeSpan span, int maxEntries, DateTime now, ObjectId boundary, ObjectId windowFloor,
        Action<SourcedRecord> record, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="batchSize"/> of the host's lines placed by ObjectId above the window's floor
    /// that it has not handled yet, in id order.</summary>
    /// <param name="collection">The input collection or table.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="window">Which ids are already handled.</param>
    /// <param name="batchSize">Most lines to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<PollBatch> PollAsync(string collection, string hostname, ReadingWindow window, int batchSize, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="batchSize"/> of the host's lines placed by time, dated after the window's
    /// floor and not handled yet, oldest first.</summary>
    /// <param name="collection">The input collection or table.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="window">Which of them are already handled.</param>
    /// <param name="batchSize">Most lines to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<TimedBatch> PollTimedAsync(string collection, string hostname, TimedWindow window, int batchSize, CancellationToken cancellationToken);

    /// <summary>Counts the host's lines that nothing places in a reading order (no ObjectId and no time); they are
    /// reported as skipped rather than left unseen.</summary>
    /// <param name="collection">The input collection or table.</param>
    /// <param name="hostname">The host.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count and the id of one such line as an example (null when there are none).</returns>
    Task<(long Count, BsonValue? Example)> CountUnorderableAsync(string collection, string hostname, CancellationToken cancellationToken);
}
