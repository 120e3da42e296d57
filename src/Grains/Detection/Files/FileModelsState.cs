namespace Lad.Grains.Detection.Files;

/// <summary>Which hosts found in <c>LS_INPUT_PATH</c> have a model, stored after each training; each model is a record
/// of its own (<see cref="FileModelRecords"/>).</summary>
[GenerateSerializer, Alias("lad.FileModelsState")]
internal sealed class FileModelsState
{
    /// <summary>Every host's model, by host name, as states written before each host had a record of its own held them;
    /// the grain moves them to their records when it reads such a state, so this is empty in any state it writes.</summary>
    [Id(0)] public Dictionary<string, byte[]> LegacyModels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Counts trainings; names the models that judged in the anomalies.</summary>
    [Id(1)] public int Version { get; set; }

    /// <summary>When the last training of every host finished (UTC); null before the first.</summary>
    [Id(2)] public DateTime? TrainedAt { get; set; }

    /// <summary>The hosts whose model record was written whole before this state was.</summary>
    [Id(3)] public HashSet<string> Hosts { get; set; } = new(StringComparer.Ordinal);
}
