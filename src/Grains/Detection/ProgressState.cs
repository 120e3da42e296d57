namespace Lad.Grains.Detection;

/// <summary>A host's detection progress as stored; written after each batch's anomalies are in the sink.</summary>
[GenerateSerializer, Alias("lad.ProgressState")]
internal sealed class ProgressState
{
    /// <summary>The newest position scored (hex ObjectId, clamped for ids from the future); empty before any.</summary>
    [Id(0)] public string Checkpoint { get; set; } = "";

    [Id(1)] public long LinesScored { get; set; }

    [Id(2)] public long Anomalies { get; set; }

    /// <summary>Documents skipped as unusable, per <see cref="Source.SkipReason"/> name.</summary>
    [Id(3)] public Dictionary<string, long> Skipped { get; set; } = [];

    /// <summary>The look-back window's floor (hex ObjectId): ids at or below it are not read again. Empty in progress
    /// stored before the window existed, which then starts at <see cref="Checkpoint"/>.</summary>
    [Id(4)] public string WindowFloor { get; set; } = "";

    /// <summary>The ids above <see cref="WindowFloor"/> already scored, packed 12 bytes each.</summary>
    [Id(5)] public byte[] WindowIds { get; set; } = [];

    /// <summary>The boundary (hex ObjectId) of the training that makes model version <see cref="BoundaryForVersion"/>,
    /// stored before that training reads anything, so a training cut short retrains to the same boundary.</summary>
    [Id(6)] public string TrainingBoundary { get; set; } = "";

    [Id(7)] public int BoundaryForVersion { get; set; }

    /// <summary>Documents set aside in the dead-letter collection, per reason label (<c>scoring_failed</c>, ...).</summary>
    [Id(8)] public Dictionary<string, long> DeadLetters { get; set; } = [];

    /// <summary>Documents without an ObjectId id (read by <c>MG_TIME_FIELD</c>): the newest time scored; null until
    /// such reading starts.</summary>
    [Id(9)] public DateTime? TimedNewest { get; set; }

    /// <summary>Documents without an ObjectId id dated at or before it are not read again.</summary>
    [Id(10)] public DateTime TimedFloor { get; set; }

    /// <summary>The documents without an ObjectId id dated after <see cref="TimedFloor"/> already scored: id text and
    /// time.</summary>
    [Id(11)] public Dictionary<string, DateTime> TimedIds { get; set; } = [];

    /// <summary>The change stream's resume token (BSON) stored after the last batch it delivered was written; empty
    /// before the first, or when the host polls.</summary>
    [Id(12)] public byte[] StreamToken { get; set; } = [];

    /// <summary>The cluster time (BSON timestamp value) the host's change stream was opened at, after a poll that
    /// caught up; 0 while the host polls.</summary>
    [Id(13)] public long StreamStart { get; set; }
}
