using Lad.Engine.Persistence;

namespace Lad.Engine.Model;

/// <summary>How to train and how to load one model kind.</summary>
/// <param name="Kind">The kind name (also the <see cref="ModelFile"/> container kind).</param>
/// <param name="CreateTrainer">Builds a trainer from validated options.</param>
/// <param name="Read">Reads the model's payload from an opened container.</param>
internal sealed record ModelKindRegistration(
    string Kind,
    Func<DetectorOptions, IAnomalyModelTrainer> CreateTrainer,
    Func<ModelReader, IAnomalyModel> Read);
