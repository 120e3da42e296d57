using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Source;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>Trains one host's model from its recent history; runs on the thread pool, never on a grain's scheduler.</summary>
internal static partial class HostTrainer
{
    // No id above the boundary is read (polling scores those); ids read above the window floor are returned so the
    // first poll counts them as handled.
    public static async Task<TrainedModel> TrainAsync(
        DetectorServices services, TrainingGate gate, HostKey host, SessionKeyPattern? sessions, DateTime now, ObjectId boundary,
        ObjectId windowFloor, ILogger log, CancellationToken cancellationToken)
    {
        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var config = services.Config;
        var history = await services.Source.ReadTrainingSetAsync(
            host.Collection, host.Hostname, config.TrainTimeSpan, config.TrainMaxEntries, now, boundary, windowFloor, cancellationToken).ConfigureAwait(false);
        if (history.Records.Count == 0)
        {
            throw new EmptyHistoryException(
                $"no usable documents for host '{host.Hostname}' in '{host.Collection}' over the last {DurationText.Of(config.TrainTimeSpan)} (TRAIN_TIME_SPAN)");
        }

        var idTimes = history.Records.Where(r => r.Id.IsObjectId).Select(r => r.Id.AsObjectId.CreationTime).ToList();
        if (BulkImportCheck.Warning(idTimes, config.TimeField is not null, config.TrainTimeSpan) is { } bulkImport)
        {
            LogBulkImport(log, host, bulkImport);
        }

        // False positives people flagged are normal for the host by definition, so the model learns them. A value-scope
        // one is not: it says one value is normal, not the whole line, and learning it would widen the parameter's range
        // to it (the detector's stream is told to give that value no evidence instead).
        var feedback = (await services.Feedback.FalsePositivesAsync(host, now, cancellationToken).ConfigureAwait(false))
            .Where(f => f.Scope != FeedbackScope.Value);
        // Keyed by session as live lines are, so the model learns how this host's sessions run and end.
        var lines = history.Records.Select(r => r.Record)
            .Concat(feedback.Select(f => new LogRecord(f.Message, null, host.Hostname)))
            .Select(r => sessions?.Assign(r) ?? r)
            .ToList();
        // True positives are what the host's threshold is for: the trainer keeps it below their scores.
        var confirmed = (await services.Feedback.TruePositivesAsync(host, cancellationToken).ConfigureAwait(false))
            .Select(f => new LogRecord(f.Message, null, host.Hostname))
            .ToList();
        var model = ModelCatalog.CreateTrainer(services.Options).Train(lines, confirmed, cancellationToken);
        using var buffer = new MemoryStream();
        ModelCatalog.Save(model, buffer);
        return new TrainedModel(
            model, buffer.ToArray(), boundary, history.IdsAbove, history.TimedAbove, lines.Count, CountTemplates(lines), VolumeOf(history, config));
    }

    // Rates come from the history's own times (the time field, else the ids'), so a bulk import dated by its ObjectIds
    // teaches one burst; the README says to set MG_TIME_FIELD for such stores.
    private static byte[]? VolumeOf(TrainingSet history, LadConfig config)
    {
        if (config.VolumeInterval <= TimeSpan.Zero)
        {
            return null;
        }

        var profile = VolumeProfileTrainer.Train(history.Records.Select(r => (r.Time, r.Record.Message)), new VolumeOptions(config.VolumeInterval));
        using var buffer = new MemoryStream();
        profile.Save(buffer);
        return buffer.ToArray();
    }

    // Reported in the status for every model kind, so it is mined here rather than asked of the model.
    private static int CountTemplates(List<LogRecord> lines)
    {
        var miner = new TemplateMiner();
        foreach (var line in lines)
        {
            miner.Learn(line.Message);
        }

        return miner.TemplateCount;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: {Warning}")]
    private static partial void LogBulkImport(ILogger log, HostKey host, string warning);
}
