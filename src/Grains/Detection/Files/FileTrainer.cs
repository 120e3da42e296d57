using Lad.Engine.Model;
using Lad.Grains.Source.Files;

namespace Lad.Grains.Detection.Files;

/// <summary>Trains the models of the hosts in <c>LS_INPUT_PATH</c> from the lines before a boundary; runs on the thread
/// pool, never on the grain's scheduler.</summary>
internal static class FileTrainer
{
    /// <summary>One model per host that has history before <paramref name="boundary"/> (of those <paramref name="wanted"/>
    /// names), saved as the engine's model file; a host whose training fails is left out with its error.</summary>
    public static async Task<FileTraining> TrainAsync(
        string path, FileLineReader reader, long boundary, int maxPerHost, DetectorOptions options, TrainingGate gate,
        Func<string, bool>? wanted, CancellationToken cancellationToken)
    {
        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var history = FileHistory.Read(path, reader, boundary, maxPerHost, wanted, cancellationToken);
        var models = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (host, lines) in history)
        {
            try
            {
                var model = ModelCatalog.CreateTrainer(options).Train(lines.ToList(), cancellationToken);
                using var buffer = new MemoryStream();
                ModelCatalog.Save(model, buffer);
                models[host] = buffer.ToArray();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[host] = $"{e.GetType().Name}: {e.Message}";
            }
        }

        return new FileTraining(models, failures, history.ToDictionary(h => h.Key, h => h.Value.Count, StringComparer.Ordinal));
    }
}
