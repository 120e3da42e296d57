namespace Lad.Grains.Detection;

/// <summary>A host's trained model as stored; written only when a training completes.</summary>
/// <remarks>Kept apart from <see cref="ProgressState"/> so that each poll writes a few counters, not the model.</remarks>
[GenerateSerializer, Alias("lad.ModelState")]
internal sealed class ModelState
{
    /// <summary>The model in the <c>ModelCatalog.Save</c> format; null before the first training, and in memory once the
    /// host has loaded it (the state is written only with a new model).</summary>
    [Id(0)] public byte[]? Model { get; set; }

    [Id(1)] public int Version { get; set; }

    [Id(2)] public int Trainings { get; set; }

    [Id(3)] public DateTime? TrainedAt { get; set; }

    [Id(4)] public long LinesTrainedOn { get; set; }

    /// <summary>The boundary of the training that made this model (hex ObjectId): it read no id above it. A host whose
    /// stored checkpoint is unreadable resumes here.</summary>
    [Id(5)] public string TrainedThrough { get; set; } = "";

    [Id(6)] public int Templates { get; set; }

    /// <summary>The host's volume profile (<c>VolumeProfile.Save</c>) from the same history; null when volume anomalies
    /// are off or for a model stored before they existed; in memory, null once loaded, like <see cref="Model"/>.</summary>
    [Id(7)] public byte[]? Volume { get; set; }

    /// <summary>Takes the model of a finished training as the next version, trained at <paramref name="now"/>.</summary>
    public void Adopt(TrainedModel trained, DateTime now)
    {
        Model = trained.Bytes;
        Version++;
        Trainings++;
        // When it was trained, not the history's cut: a model rebuilt to a stored boundary (a training cut short, a
        // stored model lost) is new, though it learns what its predecessor did.
        TrainedAt = now;
        LinesTrainedOn = trained.Lines;
        Templates = trained.Templates;
        TrainedThrough = trained.Boundary.ToString();
        Volume = trained.Volume;
    }
}
