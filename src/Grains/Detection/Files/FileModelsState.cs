namespace Lad.Grains.Detection.Files;

/// <summary>The models of the hosts found in <c>LS_INPUT_PATH</c>, stored after each training.</summary>
[GenerateSerializer, Alias("lad.FileModelsState")]
internal sealed class FileModelsState
{
    /// <summary>Each host's model (the engine's checksummed model file), by host name.</summary>
    [Id(0)] public Dictionary<string, byte[]> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Counts trainings; names the models that judged in the anomalies.</summary>
    [Id(1)] public int Version { get; set; }

    /// <summary>When the last training of every host finished (UTC); null before the first.</summary>
    [Id(2)] public DateTime? TrainedAt { get; set; }
}
