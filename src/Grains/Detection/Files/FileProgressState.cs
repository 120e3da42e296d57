namespace Lad.Grains.Detection.Files;

/// <summary>How far the local file detector has read <c>LS_INPUT_PATH</c>, stored after each batch's anomalies are
/// written.</summary>
[GenerateSerializer, Alias("lad.FileProgressState")]
internal sealed class FileProgressState
{
    /// <summary>Whether a position was ever stored (the first training's boundary is stored before it reads).</summary>
    [Id(0)] public bool Started { get; set; }

    /// <summary>The byte offset after the last line handled.</summary>
    [Id(1)] public long Offset { get; set; }

    /// <summary>How many lines lie before <see cref="Offset"/>.</summary>
    [Id(2)] public long Line { get; set; }

    /// <summary>How many leading bytes of the file make its identity.</summary>
    [Id(3)] public int IdentityLength { get; set; }

    /// <summary>The hash of the file's first line.</summary>
    [Id(4)] public ulong IdentityHash { get; set; }

    [Id(5)] public long LinesScored { get; set; }

    [Id(6)] public long Anomalies { get; set; }

    /// <summary>Lines not scored, per <see cref="Source.SkipReason"/> name.</summary>
    [Id(7)] public Dictionary<string, long> Skipped { get; set; } = [];
}
