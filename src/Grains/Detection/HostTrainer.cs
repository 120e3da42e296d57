using Lad.Engine.Model;
using Lad.Grains.Abstractions.Detection;

namespace Lad.Grains.Detection;

/// <summary>Trains one host's model from its recent history; runs on the thread pool, never on a grain's scheduler.</summary>
internal static class HostTrainer
{
    public static async Task<TrainedModel> TrainAsync(
        DetectorServices services, TrainingGate gate, HostKey host, DateTime now, CancellationToken cancellationToken)
    {
        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var config = services.Config;
        var history = await services.Source.ReadTrainingSetAsync(
            host.Collection, host.Hostname, config.TrainTimeSpan, config.TrainMaxEntries, now, cancellationToken).ConfigureAwait(false);
        if (history.Records.Count == 0)
        {
            throw new EmptyHistoryException(
                $"no usable documents for host '{host.Hostname}' in '{host.Collection}' over the last {config.TrainTimeSpan} (TRAIN_TIME_SPAN)");
        }

        var trainer = ModelCatalog.CreateTrainer(services.Options);
        var model = trainer.Train(history.Records.Select(r => r.Record).ToList(), cancellationToken);
        using var buffer = new MemoryStream();
        ModelCatalog.Save(model, buffer);
        return new TrainedModel(model, buffer.ToArray(), history.NewestId, history.Records.Count, now);
    }
}
