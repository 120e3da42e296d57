using Lad.Engine.Model.Som;
using Lad.Engine.Persistence;

namespace Lad.Engine.Model;

/// <summary>The model kinds this build can train and load, by name.</summary>
public static class ModelCatalog
{
    /// <summary>The kind used when none is named.</summary>
    public const string DefaultKind = "default";

    private static readonly ModelKindRegistration[] Registrations =
    [
        new(Default.DefaultModel.KindName, options => new Default.DefaultModelTrainer(options), Default.DefaultModel.ReadFrom),
        new(SomModel.KindName, o => new SomTrainer(o.Som, o.Seed, o.ThresholdSigma), SomModel.ReadFrom),
        new(Novelty.NoveltyModel.KindName, _ => new Novelty.NoveltyTrainer(), Novelty.NoveltyModel.ReadFrom),
        new(Lof.LofModel.KindName, o => new Lof.LofTrainer(o.Lof, o.Som, o.Seed), Lof.LofModel.ReadFrom),
    ];

    /// <summary>The kinds this build can train, in registration order.</summary>
    public static IReadOnlyList<string> Kinds { get; } = Registrations.Select(r => r.Kind).ToArray();

    /// <summary>Builds the trainer named by <see cref="DetectorOptions.ModelKind"/> after validating the options.</summary>
    public static IAnomalyModelTrainer CreateTrainer(DetectorOptions options)
    {
        options.Validate();
        return Find(options.ModelKind).CreateTrainer(options);
    }

    /// <summary>Loads a saved model of any registered kind, dispatching on the container's kind.</summary>
    public static IAnomalyModel Load(Stream source)
    {
        var (kind, payload) = ModelFile.Read(source);
        var registration = Registrations.FirstOrDefault(r => r.Kind == kind)
            ?? throw new ModelFormatException($"model file holds a '{kind}', which this build cannot load (it knows {KnownKinds()})");
        return registration.Read(payload);
    }

    /// <summary>Saves <paramref name="model"/> in a container of its kind.</summary>
    public static void Save(IAnomalyModel model, Stream destination) => ModelFile.Write(destination, model.Kind, model.WriteTo);

    private static ModelKindRegistration Find(string kind)
    {
        var registration = Registrations.FirstOrDefault(r => string.Equals(r.Kind, kind, StringComparison.OrdinalIgnoreCase));
        if (registration is not null)
        {
            return registration;
        }

        if (string.Equals(kind, DefaultKind, StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"model '{DefaultKind}' is not available in this build (available: {KnownKinds()})");
        }

        throw new ArgumentException($"model kind '{kind}' is unknown (available: {KnownKinds()})");
    }

    private static string KnownKinds() => Registrations.Length == 0 ? "none" : string.Join(", ", Registrations.Select(r => r.Kind));
}
