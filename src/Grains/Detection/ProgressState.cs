namespace Lad.Grains.Detection;

/// <summary>A host's detection progress as stored; written after each batch's anomalies are in the sink.</summary>
[GenerateSerializer]
internal sealed class ProgressState
{
    /// <summary>The last document handled (hex ObjectId); empty before any.</summary>
    [Id(0)] public string Checkpoint { get; set; } = "";

    [Id(1)] public long LinesScored { get; set; }

    [Id(2)] public long Anomalies { get; set; }

    /// <summary>Documents skipped as unusable, per <see cref="Source.SkipReason"/> name.</summary>
    [Id(3)] public Dictionary<string, long> Skipped { get; set; } = [];

    /// <summary>Documents set aside in the dead-letter collection, per reason label (<c>scoring_failed</c>, ...).</summary>
    [Id(4)] public Dictionary<string, long> DeadLetters { get; set; } = [];
}
